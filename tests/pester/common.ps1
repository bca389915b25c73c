# Dot-sourced by every tests/pester/*.Tests.ps1 in its BeforeAll block: imports the staged module (out/ClaudeUsage,
# built by `dotnet build` or ./build.ps1) and defines small helpers that write log fixtures in a temp folder.
# build.ps1 -Task Test runs these files with Pester 5 in a fresh pwsh process, so the module is never a stale copy.

$RepoRoot = (Resolve-Path -LiteralPath (Join-Path $PSScriptRoot '../..')).Path
$Samples = Join-Path $RepoRoot 'samples'
$StagedManifest = Join-Path $RepoRoot 'out/ClaudeUsage/ClaudeUsage.psd1'
if (-not (Test-Path -LiteralPath $StagedManifest)) {
    throw "The module is not built: run 'dotnet build' or './build.ps1' first (expected $StagedManifest)."
}

Import-Module -Name $StagedManifest -Force -ErrorAction Stop

function New-TestFolder {
    <# A new empty folder under the temp path; remove it with Remove-Item -Recurse in AfterAll. #>
    $path = Join-Path ([System.IO.Path]::GetTempPath()) "ClaudeUsage-pester-$([guid]::NewGuid().ToString('N'))"
    (New-Item -ItemType Directory -Path $path).FullName
}

function Write-LogFile {
    <# Writes JSONL lines to a file below $Root, creating its folders; LF endings, UTF-8 without BOM, as agents write. #>
    param(
        [Parameter(Mandatory)] [string] $Root,
        [Parameter(Mandatory)] [string] $RelativePath,
        [Parameter(Mandatory)] [string[]] $Line
    )
    $path = Join-Path $Root $RelativePath
    $null = New-Item -ItemType Directory -Force -Path (Split-Path -Parent $path)
    [System.IO.File]::WriteAllText($path, (($Line -join "`n") + "`n"), [System.Text.UTF8Encoding]::new($false))
    $path
}

function New-ClaudeAssistantLine {
    <# A Claude Code assistant line in the shape Claude Code writes it (compact JSON, usage inside the message). #>
    param(
        [Parameter(Mandatory)] [string] $Timestamp,
        [Parameter(Mandatory)] [string] $MessageId,
        [string] $RequestId = "req_$MessageId",
        [string] $Model = 'claude-opus-4-5-20251101',
        [long] $InputTokens = 0,
        [long] $OutputTokens = 0,
        [string] $SessionId = '11111111-1111-1111-1111-111111111111',
        [string] $Cwd = '/home/user/work/demo',
        [switch] $Sidechain
    )
    [ordered]@{
        parentUuid  = 'u-parent'
        isSidechain = [bool]$Sidechain
        userType    = 'external'
        cwd         = $Cwd
        sessionId   = $SessionId
        version     = '2.0.76'
        gitBranch   = 'main'
        message     = [ordered]@{
            id      = $MessageId
            type    = 'message'
            role    = 'assistant'
            model   = $Model
            content = @([ordered]@{ type = 'text'; text = 'ok' })
            usage   = [ordered]@{
                input_tokens                = $InputTokens
                cache_creation_input_tokens = 0
                cache_read_input_tokens     = 0
                cache_creation              = [ordered]@{ ephemeral_5m_input_tokens = 0; ephemeral_1h_input_tokens = 0 }
                output_tokens               = $OutputTokens
            }
        }
        requestId   = $RequestId
        type        = 'assistant'
        uuid        = [guid]::NewGuid().ToString()
        timestamp   = $Timestamp
    } | ConvertTo-Json -Compress -Depth 10
}

function New-TwoSessionFixture {
    <#
    Two Claude Code sessions on Claude Opus 4.5 ($5 input, $25 output per million tokens), the fixture the xunit
    GetClaudeSessionTests use:
      s1 (project demo, 2026-11-20 UTC): m1 1,000 in + 100 out at 09:00, m2 2,000 in + 200 out at 09:30, and a
         subagent transcript response m3 500 in + 50 out at 09:10
         -> 3,500 in, 350 out -> 17,500 + 8,750 = 26,250 per million = $0.02625, 3 requests, 30 minutes.
      s2 (project other, 2026-11-21 UTC): m4 10,000 in at 12:00 -> $0.05.
    Returns the fixture's root folder.
    #>
    $root = New-TestFolder
    $null = Write-LogFile $root 'projects/-home-user-work-demo/s1.jsonl' @(
        (New-ClaudeAssistantLine -Timestamp '2026-11-20T09:00:00.000Z' -MessageId m1 -InputTokens 1000 -OutputTokens 100 -SessionId s1)
        (New-ClaudeAssistantLine -Timestamp '2026-11-20T09:30:00.000Z' -MessageId m2 -InputTokens 2000 -OutputTokens 200 -SessionId s1)
    )
    $null = Write-LogFile $root 'projects/-home-user-work-demo/s1/subagents/agent-1.jsonl' @(
        (New-ClaudeAssistantLine -Timestamp '2026-11-20T09:10:00.000Z' -MessageId m3 -InputTokens 500 -OutputTokens 50 -SessionId s1 -Sidechain)
    )
    $null = Write-LogFile $root 'projects/-home-user-work-other/s2.jsonl' @(
        (New-ClaudeAssistantLine -Timestamp '2026-11-21T12:00:00.000Z' -MessageId m4 -InputTokens 10000 -SessionId s2 -Cwd '/home/user/work/other')
    )
    $root
}

function Enter-ScratchHome {
    <#
    Points every agent's folder and the module's data folder into a new scratch folder, so that neither the
    machine's own logs nor the user's ledger is read or written. Claude Code's folder is $Root/$ClaudeFolder ($Root
    itself for ''). Returns the scratch (Root, and the variables it replaced); undo with Exit-ScratchHome.
    #>
    param([string] $ClaudeFolder = 'claude')
    $saved = @{}
    foreach ($name in 'CLAUDE_CONFIG_DIR', 'PI_CODING_AGENT_DIR', 'OPENCLAW_STATE_DIR', 'CLAWDBOT_STATE_DIR', 'CLAUDEUSAGE_DATA_DIR') {
        $saved[$name] = [Environment]::GetEnvironmentVariable($name)
    }

    $root = New-TestFolder
    $env:CLAUDE_CONFIG_DIR = if ($ClaudeFolder) { Join-Path $root $ClaudeFolder } else { $root }
    $env:PI_CODING_AGENT_DIR = Join-Path $root 'pi'
    $env:OPENCLAW_STATE_DIR = Join-Path $root 'openclaw'
    $env:CLAWDBOT_STATE_DIR = Join-Path $root 'clawdbot'
    $env:CLAUDEUSAGE_DATA_DIR = Join-Path $root 'data'
    [pscustomobject]@{ Root = $root; Saved = $saved }
}

function Exit-ScratchHome {
    <# Puts back the variables Enter-ScratchHome replaced and removes its folder. #>
    param([Parameter(Mandatory)] $Scratch)
    foreach ($name in $Scratch.Saved.Keys) {
        [Environment]::SetEnvironmentVariable($name, $Scratch.Saved[$name])
    }

    Remove-Item -LiteralPath $Scratch.Root -Recurse -Force -ErrorAction SilentlyContinue
}
