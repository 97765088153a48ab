// swift-tools-version: 6.1
// A small program that embeds ClaimQL: it loads the seed data set, asks three questions
// with bound parameters and prints a short report. Built and run by CI.
import PackageDescription

let package = Package(
    name: "Report",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ClaimQL", path: "../..")],
    targets: [
        .executableTarget(name: "Report", dependencies: [.product(name: "ClaimQL", package: "ClaimQL")]),
    ]
)
