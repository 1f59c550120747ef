public enum CLVLabVersion {
    public static let current = "0.1.0"
}
