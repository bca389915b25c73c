#Requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests, documents and packages the ClaudeUsage module.

.DESCRIPTION
    Tasks:
      Build    dotnet build: stages the importable module in out/ClaudeUsage/.
      Test     dotnet test (xunit: core and in-process engine tests), then the Pester suite in tests/pester
               in a fresh pwsh process when Pester 5 is installed.
      Docs     Regenerates the MAML help (docs/maml/en-US/ClaudeUsage.dll-Help.xml) from docs/en-US/*.md
               with platyPS 0.14 when it is installed. The generated MAML is kept in the repository, so a build
               without platyPS still ships help.
      Package  Builds a .nupkg of the staged module with PSResourceGet (Publish-PSResource to a temporary
               local repository), into out/package/.
      Clean    Removes build output.

.EXAMPLE
    ./build.ps1 -Task Build, Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Docs', 'Package', 'Clean')]
    [string[]] $Task = @('Build'),

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
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
    Invoke-Dotnet test (Join-Path $root 'ClaudeUsage.sln') -c $Configuration
    $pester = Get-Module -ListAvailable -Name Pester | Where-Object Version -ge '5.0' | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $pester) {
        Write-Warning 'Pester 5 is not installed: skipping tests/pester (Install-PSResource Pester).'
        return
    }
    # A fresh process, so the module under test is loaded from the staged folder and never from a stale session.
    $script = "Import-Module Pester -MinimumVersion 5.0; `$c = New-PesterConfiguration; `$c.Run.Path = '$root/tests/pester'; `$c.Run.Exit = `$true; `$c.Output.Verbosity = 'Detailed'; Invoke-Pester -Configuration `$c"
    & pwsh -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "Pester tests failed ($LASTEXITCODE)." }
}

function Invoke-DocsTask {
    $platy = Get-Module -ListAvailable -Name platyPS | Where-Object { $_.Version.Major -eq 0 } | Sort-Object Version -Descending | Select-Object -First 1
    if (-not $platy) {
        Write-Warning 'platyPS 0.14 is not installed: keeping the MAML help in docs/maml (Install-PSResource platyPS -Version 0.14.2).'
        return
    }
    Import-Module $platy
    $out = Join-Path $root 'docs/maml/en-US'
    New-ExternalHelp -Path (Join-Path $root 'docs/en-US') -OutputPath $out -Force | Out-Null
    Write-Host "MAML help written to $out"
}

function Invoke-PackageTask {
    if (-not (Test-Path (Join-Path $staged 'ClaudeUsage.psd1'))) { Invoke-BuildTask }
    $packageDir = Join-Path $root 'out/package'
    New-Item -ItemType Directory -Force -Path $packageDir | Out-Null
    $repoName = "ClaudeUsageLocal$([guid]::NewGuid().ToString('N').Substring(0, 8))"
    Register-PSResourceRepository -Name $repoName -Uri $packageDir -Trusted
    try {
        Publish-PSResource -Path $staged -Repository $repoName
    }
    finally {
        Unregister-PSResourceRepository -Name $repoName
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
