print("clvlab")
