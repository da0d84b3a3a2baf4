// swift-tools-version:6.1
// The OpenAPI generator as a command, kept out of the main package: it is built only when
// scripts/gen-openapi regenerates Sources/LuoshiAPI/Generated from openapi.yaml, not on every build.
import PackageDescription

let package = Package(
    name: "openapi-tools",
    dependencies: [.package(url: "https://github.com/apple/swift-openapi-generator.git", exact: "1.14.3")],
    targets: []
)
