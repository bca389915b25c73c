#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, documents and packages the ClaudeUsage module.

.DESCRIPTION
    Tasks:
      Build    dotnet build: stages the importable module in out/ClaudeUsage/.
      Test     dotnet test: the xunit tests of the core and of the module in the engine, the browser tests, and
               the Pester suite in tests/pester, which one of the module tests runs in pwsh (the PowerShell
               global tool pinned in .config/dotnet-tools.json) with Pester from NuGet.
      Docs     Rebuilds the help kept in docs/maml/en-US (ClaudeUsage.dll-Help.xml and about_*.help.txt) from the
               platyPS markdown in docs/en-US with tools/ClaudeUsage.HelpBuilder, which needs only the .NET SDK.
               When platyPS 0.14 is installed, its New-ExternalHelp also reads the pages (into a temporary folder),
               as a second check that they follow its schema. The committed help is always the builder's output,
               so it is the same on every machine; the tests fail when it and the markdown disagree.
      Package  Builds the module, then a .nupkg of the staged module with PSResourceGet (Publish-PSResource to a
               temporary local repository), into -PackageDirectory (out/package/ by default). -ProjectUri sets the
               manifest's ProjectUri in the package (the committed manifest has none until the project has a
               public address). -SkipBuild packages the module staged already.
      Clean    Removes build output.

.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    # The project's public address, written into the packaged manifest as ProjectUri.
    [ValidateScript({ $_.IsAbsoluteUri -and $_.Scheme -eq 'https' })]
    [uri] $ProjectUri,

    # Where Package writes the .nupkg.
    [string] $PackageDirectory = (Join-Path $PSScriptRoot 'out/package'),

    # Package the module staged already instead of building it first.
    [switch] $SkipBuild
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$root = $PSScriptRoot
$staged = Join-Path $root 'out/ClaudeUsage'

function Invoke-Dotnet {
    param([Parameter(ValueFromRemainingArguments)] [string[]] $Arguments)
    & dotnet @Arguments
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE." }
}

function Invoke-BuildTask {
    Invoke-Dotnet build (Join-Path $root 'ClaudeUsage.sln') -c $Configuration
    Write-Host "Module staged in $staged"
}

function Invoke-TestTask {
    # The Pester suite runs inside this, in a fresh pwsh process (see tests/ClaudeUsage.Module.Tests/PwshTests.cs).
    Invoke-Dotnet tool restore
    Invoke-Dotnet test (Join-Path $root 'ClaudeUsage.sln') -c $Configuration
}

function Invoke-DocsTask {
    $docs = Join-Path $root 'docs/en-US'
    $out = Join-Path $root 'docs/maml/en-US'
    Invoke-Dotnet run --project (Join-Path $root 'tools/ClaudeUsage.HelpBuilder') -c $Configuration '--' $docs $out
    Write-Host "Help written to $out; 'dotnet build' stages it in out/ClaudeUsage/en-US."

    $platy = Get-Module -ListAvailable -Name platyPS | Where-Object { $_.Version.Major -eq 0 } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $platy) {
        Write-Verbose 'platyPS 0.14 is not installed: the pages were checked by the help builder only.'
        return
    }
    # A second reader of the same pages: platyPS must accept them too. Its output is not kept.
    Import-Module $platy
    $check = Join-Path ([System.IO.Path]::GetTempPath()) "ClaudeUsage-platyPS-$([guid]::NewGuid().ToString('N'))"
    try {
        New-ExternalHelp -Path $docs -OutputPath $check -Force | Out-Null
        Write-Host "platyPS $($platy.Version) reads every page."
    }
    finally {
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $check
    }
}

function Invoke-PackageTask {
    # From a fresh build unless told otherwise, so the package never holds a stale assembly or help file.
    if (-not $SkipBuild) {
        Invoke-BuildTask
    }
    $packageDir = (New-Item -ItemType Directory -Force -Path $PackageDirectory).FullName
    # The package is made from a copy, so stamping the address never changes the staged module.
    $work = Join-Path ([System.IO.Path]::GetTempPath()) "ClaudeUsage-package-$([guid]::NewGuid().ToString('N'))"
    $module = Join-Path $work 'ClaudeUsage'
    Copy-Item -Recurse -Path $staged -Destination $module
    if ($ProjectUri) {
        Update-PSModuleManifest -Path (Join-Path $module 'ClaudeUsage.psd1') -ProjectUri $ProjectUri
    }
    else {
        Write-Warning 'No -ProjectUri: the package has no project address for the gallery page to link to.'
    }
    $repoName = "ClaudeUsageLocal$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    Register-PSResourceRepository -Name $repoName -Uri $packageDir -Trusted
    try {
        Publish-PSResource -Path $module -Repository $repoName
    }
    finally {
        Unregister-PSResourceRepository -Name $repoName
        Remove-Item -Recurse -Force -ErrorAction SilentlyContinue $work
    }
    Get-ChildItem $packageDir -Filter *.nupkg
}

function Invoke-CleanTask {
    Invoke-Dotnet clean (Join-Path $root 'ClaudeUsage.sln') -c $Configuration
    Remove-Item -Recurse -Force -ErrorAction SilentlyContinue (Join-Path $root 'out')
}

foreach ($name in $Task) {
    Write-Host "== $name" -ForegroundColor Cyan
    & "Invoke-$($name)Task"
}
