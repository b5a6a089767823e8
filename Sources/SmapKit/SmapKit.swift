// SmapKit is the whole library as one module: a program that embeds smap
// imports SmapKit and sees every stage's public API. The stages themselves
// are separate targets (see Package.swift and docs/contributing.md).
@_exported import SmapCore
@_exported import SmapSyntax
@_exported import SmapModel
@_exported import SmapCheck
@_exported import SmapLayout
@_exported import SmapEmit
@_exported import SmapAuthoring
