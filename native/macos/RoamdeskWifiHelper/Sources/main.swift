// RoamdeskWifiHelper — CoreWLAN + CoreLocation, JSON on stdout (schema "roamdesk.corewlan/1").
//
//   RoamdeskWifiHelper scan [--cached]      networks in range (active scan, or CoreWLAN's cache)
//   RoamdeskWifiHelper link                 the current association (RSSI, noise, PHY, channel, BSSID)
//   RoamdeskWifiHelper associate --bssid <aa:bb:…> --ssid-hex <hex>   passphrase: one line on stdin
//   RoamdeskWifiHelper disassociate
//
// It is an app bundle (LSUIElement) so macOS can grant *it* Location permission; without
// that permission CoreWLAN returns nil SSIDs/BSSIDs and the JSON says so
// (`locationAuthorized: false`), which the engine turns into WIFI_LOCATION_PERMISSION_REQUIRED.
// The passphrase is read from stdin and never printed, logged or put in argv.
// The JSON shape is parsed by main/engine/wifi/parsers/corewlan-helper.ts; keep them in step
// (fixtures: tests/wifi/fixtures/corewlan-helper-roamdesk-*.json).

import AppKit
import CoreLocation
import CoreWLAN
import Foundation

let schema = "roamdesk.corewlan/1"
let helperVersion = 1

// MARK: - JSON

func hex(_ data: Data?) -> Any {
    guard let data = data else { return NSNull() }
    return data.map { String(format: "%02x", $0) }.joined()
}

func orNull(_ value: Any?) -> Any { value ?? NSNull() }

func bandNumber(_ band: CWChannelBand?) -> Any {
    switch band {
    case .band2GHz?: return 2.4
    case .band5GHz?: return 5
    case .band6GHz?: return 6
    default: return NSNull()
    }
}

func widthNumber(_ width: CWChannelWidth?) -> Any {
    switch width {
    case .width20MHz?: return 20
    case .width40MHz?: return 40
    case .width80MHz?: return 80
    case .width160MHz?: return 160
    default: return NSNull()
    }
}

func phyName(_ mode: CWPHYMode) -> String? {
    switch mode {
    case .mode11a: return "802.11a"
    case .mode11b: return "802.11b"
    case .mode11g: return "802.11g"
    case .mode11n: return "802.11n"
    case .mode11ac: return "802.11ac"
    case .mode11ax: return "802.11ax"
    default:
        // CWPHYMode 7 is 802.11be on SDKs that have it.
        return mode.rawValue == 7 ? "802.11be" : nil
    }
}

/// The highest PHY mode a scanned network advertises.
func highestPhy(_ network: CWNetwork) -> Any {
    let candidates: [CWPHYMode] = [CWPHYMode(rawValue: 7), .mode11ax, .mode11ac, .mode11n, .mode11g, .mode11a, .mode11b].compactMap { $0 }
    for mode in candidates where network.supportsPHYMode(mode) {
        if let name = phyName(mode) { return name }
    }
    return NSNull()
}

func securityName(_ network: CWNetwork) -> String {
    let ordered: [(CWSecurity, String)] = [
        (.wpa3Enterprise, "WPA3 Enterprise"),
        (.wpa3Transition, "WPA3 Transition"),
        (.wpa3Personal, "WPA3 Personal"),
        (.wpa2Enterprise, "WPA2 Enterprise"),
        (.wpaEnterpriseMixed, "WPA2 Enterprise"),
        (.wpaEnterprise, "WPA Enterprise"),
        (.wpa2Personal, "WPA2 Personal"),
        (.personal, "WPA2 Personal"),
        (.wpaPersonalMixed, "WPA2 Personal"),
        (.wpaPersonal, "WPA Personal"),
        (.dynamicWEP, "WEP"),
        (.WEP, "WEP"),
        (.OWE, "OWE"),
        (.oweTransition, "OWE"),
    ]
    for (security, name) in ordered where network.supportsSecurity(security) { return name }
    return network.supportsSecurity(.none) ? "None" : "Unknown"
}

func interfaceSecurity(_ security: CWSecurity) -> String {
    switch security {
    case .none: return "None"
    case .WEP, .dynamicWEP: return "WEP"
    case .wpaPersonal, .wpaPersonalMixed, .wpa2Personal, .personal: return "WPA2 Personal"
    case .wpa3Personal: return "WPA3 Personal"
    case .wpa3Transition: return "WPA3 Transition"
    case .wpaEnterprise, .wpaEnterpriseMixed, .wpa2Enterprise, .enterprise: return "WPA2 Enterprise"
    case .wpa3Enterprise: return "WPA3 Enterprise"
    case .OWE, .oweTransition: return "OWE"
    default: return "Unknown"
    }
}

func networkJSON(_ network: CWNetwork) -> [String: Any] {
    [
        "ssid": orNull(network.ssid),
        "ssidHex": hex(network.ssidData),
        "bssid": orNull(network.bssid),
        "rssi": network.rssiValue,
        "noise": network.noiseMeasurement == 0 ? NSNull() : network.noiseMeasurement,
        "channel": orNull(network.wlanChannel?.channelNumber),
        "band": bandNumber(network.wlanChannel?.channelBand),
        "channelWidth": widthNumber(network.wlanChannel?.channelWidth),
        "phyMode": highestPhy(network),
        "security": securityName(network),
        "beaconInterval": network.beaconInterval,
        "countryCode": orNull(network.countryCode),
    ]
}

func interfaceJSON(_ wifi: CWInterface) -> [String: Any] {
    let associated = wifi.wlanChannel() != nil && wifi.rssiValue() != 0
    return [
        "name": orNull(wifi.interfaceName),
        "powerOn": wifi.powerOn(),
        "associated": associated,
        "ssid": orNull(wifi.ssid()),
        "ssidHex": hex(wifi.ssidData()),
        "bssid": orNull(wifi.bssid()),
        "rssi": associated ? wifi.rssiValue() : NSNull(),
        "noise": associated ? wifi.noiseMeasurement() : NSNull(),
        "channel": orNull(wifi.wlanChannel()?.channelNumber),
        "band": bandNumber(wifi.wlanChannel()?.channelBand),
        "channelWidth": widthNumber(wifi.wlanChannel()?.channelWidth),
        "phyMode": orNull(phyName(wifi.activePHYMode())),
        "security": interfaceSecurity(wifi.security()),
        "txRate": associated ? wifi.transmitRate() : NSNull(),
        "countryCode": orNull(wifi.countryCode()),
    ]
}

// MARK: - Location

final class Location: NSObject, CLLocationManagerDelegate {
    let manager = CLLocationManager()
    private var done: (() -> Void)?

    var status: CLAuthorizationStatus { manager.authorizationStatus }
    var authorized: Bool { status == .authorizedAlways || status == .authorized }

    var statusName: String {
        switch status {
        case .notDetermined: return "notDetermined"
        case .restricted: return "restricted"
        case .denied: return "denied"
        case .authorizedAlways: return "authorizedAlways"
        default: return "authorized"
        }
    }

    /// Asks once (macOS shows its prompt only the first time) and waits for the answer on the run loop.
    func ensure(timeout: TimeInterval, then: @escaping () -> Void) {
        manager.delegate = self
        guard status == .notDetermined, CLLocationManager.locationServicesEnabled() else { return then() }
        done = then
        manager.requestWhenInUseAuthorization()
        DispatchQueue.main.asyncAfter(deadline: .now() + timeout) { [weak self] in self?.finish() }
    }

    func locationManagerDidChangeAuthorization(_ manager: CLLocationManager) {
        if status != .notDetermined { finish() }
    }

    private func finish() {
        let next = done
        done = nil
        next?()
    }
}

// MARK: - Commands

struct HelperError: Error {
    let code: String
    let message: String
}

func emit(_ command: String, _ location: Location, _ body: [String: Any]) -> Never {
    var json: [String: Any] = [
        "schema": schema,
        "helperVersion": helperVersion,
        "command": command,
        "locationServicesEnabled": CLLocationManager.locationServicesEnabled(),
        "locationAuthorized": location.authorized,
        "locationStatus": location.statusName,
    ]
    for (key, value) in body { json[key] = value }
    let data = (try? JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
    FileHandle.standardOutput.write(data)
    FileHandle.standardOutput.write(Data("\n".utf8))
    exit(body["error"] == nil ? 0 : 1)
}

func option(_ name: String, in args: [String]) -> String? {
    guard let index = args.firstIndex(of: name), index + 1 < args.count else { return nil }
    return args[index + 1]
}

func dataFromHex(_ text: String) -> Data? {
    guard text.count % 2 == 0 else { return nil }
    var data = Data()
    var index = text.startIndex
    while index < text.endIndex {
        let next = text.index(index, offsetBy: 2)
        guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
        data.append(byte)
        index = next
    }
    return data
}

func errorCode(_ error: NSError) -> String {
    // CWErr codes (CoreWLAN/CWErrors.h): -3924 kCWInvalidPMKErr … -3925 kCWPMKNotFound; -3906 auth timeout.
    switch error.code {
    case -3924, -3925, -3929: return "credentialsRejected"
    case -3905, -3906, -3909: return "timeout"
    case -3931: return "powerOff"
    default: return "associationRejected"
    }
}

func run(_ args: [String], _ location: Location) {
    let command = args.first ?? ""
    guard let wifi = CWWiFiClient.shared().interface() else {
        emit(command, location, ["error": ["code": "noInterface", "message": "no Wi-Fi interface"]])
    }
    switch command {
    case "scan":
        guard wifi.powerOn() else { emit(command, location, ["interface": interfaceJSON(wifi), "error": ["code": "powerOff", "message": "Wi-Fi is off"]]) }
        do {
            let cached = args.contains("--cached")
            let networks = cached ? (wifi.cachedScanResults() ?? []) : try wifi.scanForNetworks(withSSID: nil)
            emit(command, location, ["cached": cached, "interface": interfaceJSON(wifi), "networks": networks.map(networkJSON)])
        } catch let error as NSError {
            emit(command, location, ["interface": interfaceJSON(wifi), "error": ["code": errorCode(error), "message": "\(error.domain) \(error.code)"]])
        }
    case "link":
        emit(command, location, ["interface": interfaceJSON(wifi)])
    case "associate":
        guard let bssid = option("--bssid", in: args)?.lowercased(), let ssidHex = option("--ssid-hex", in: args), let ssidData = dataFromHex(ssidHex) else {
            emit(command, location, ["error": ["code": "badRequest", "message": "associate needs --bssid and --ssid-hex"]])
        }
        let line = readLine(strippingNewline: true) ?? ""
        let passphrase: String? = line.isEmpty ? nil : line
        do {
            let candidates = (wifi.cachedScanResults() ?? []).isEmpty ? try wifi.scanForNetworks(withSSID: ssidData) : (wifi.cachedScanResults() ?? [])
            guard let target = candidates.first(where: { $0.bssid?.lowercased() == bssid }) ?? (try wifi.scanForNetworks(withSSID: ssidData)).first(where: { $0.bssid?.lowercased() == bssid }) else {
                let code = location.authorized ? "networkNotFound" : "locationDenied"
                emit(command, location, ["interface": interfaceJSON(wifi), "error": ["code": code, "message": "BSSID not in the scan"]])
            }
            if target.supportsSecurity(.wpa2Enterprise) || target.supportsSecurity(.wpa3Enterprise) || target.supportsSecurity(.enterprise) {
                emit(command, location, ["interface": interfaceJSON(wifi), "error": ["code": "enterpriseUnsupported", "message": "802.1X network"]])
            }
            if passphrase == nil && !target.supportsSecurity(.none) && !target.supportsSecurity(.OWE) {
                emit(command, location, ["interface": interfaceJSON(wifi), "error": ["code": "credentialsRequired", "message": "passphrase needed"]])
            }
            try wifi.associate(to: target, password: passphrase)
            emit(command, location, ["interface": interfaceJSON(wifi)])
        } catch let error as NSError {
            emit(command, location, ["interface": interfaceJSON(wifi), "error": ["code": errorCode(error), "message": "\(error.domain) \(error.code)"]])
        }
    case "disassociate":
        wifi.disassociate()
        emit(command, location, ["interface": interfaceJSON(wifi)])
    default:
        emit(command, location, ["error": ["code": "badRequest", "message": "usage: scan [--cached] | link | associate --bssid B --ssid-hex H | disassociate"]])
    }
}

// CoreWLAN hands out SSIDs only to a process that checked in as an app, and the Location
// prompt needs a live run loop: start NSApplication (no Dock icon: LSUIElement), then work.
let app = NSApplication.shared
app.setActivationPolicy(.accessory)
let location = Location()
let arguments = Array(CommandLine.arguments.dropFirst())
DispatchQueue.main.async {
    location.ensure(timeout: 30) {
        DispatchQueue.global(qos: .userInitiated).async { run(arguments, location) }
    }
}
app.run()
