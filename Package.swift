// swift-tools-version: 6.1
import PackageDescription

let package = Package(
  name: "meterbook",
  platforms: [.macOS(.v15)],
  products: [
    .executable(name: "meterbook", targets: ["meterbook"]),
    .library(name: "MeterbookCore", targets: ["MeterbookCore"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/onevcat/Rainbow", from: "4.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.0.0"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
  ],
  targets: [
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"])]
    ),
    .target(
      name: "MeterbookCore",
      dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Crypto", package: "swift-crypto")]
    ),
    .executableTarget(
      name: "meterbook",
      dependencies: [
        "MeterbookCore",
        "CLibEdit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Rainbow", package: "Rainbow"),
      ]
    ),
    .target(
      name: "TestSupport",
      path: "Tests/TestSupport"
    ),
    .testTarget(
      name: "MeterbookCoreTests",
      dependencies: [
        "MeterbookCore", "TestSupport", .product(name: "Yams", package: "Yams"),
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["Rendering/Snapshots", "Analysis/Snapshots", "IO/Samples"]
    ),
    .testTarget(
      name: "meterbookTests",
      dependencies: ["meterbook", "MeterbookCore", "TestSupport"],
      exclude: ["Snapshots"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
