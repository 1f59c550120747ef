import CLVSimulation
import Testing

/// CRC-32C against the check values of RFC 3720 §B.4 (iSCSI), independent of our writer.
@Suite struct CRC32CTests {
    @Test func publishedCheckValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array((0..<32).map { UInt8($0) })) == 0x46DD_794E)
    }
}
