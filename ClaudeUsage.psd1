#
# Module manifest for ClaudeUsage. This is the source manifest: `dotnet build` stages a copy of it, with the
# binaries, format file and help, into out/ClaudeUsage/. ModuleVersion here is the one source of the version.
#
@{
    RootModule           = 'ClaudeUsage.dll'
    ModuleVersion        = '0.1.0'
    CompatiblePSEditions = @('Core')
    GUID                 = '04018fab-4d9f-46f9-810a-a13f93128e9f'
    Author               = 'ClaudeUsage contributors'
    CompanyName          = 'ClaudeUsage contributors'
    Copyright            = '(c) ClaudeUsage contributors. MIT License.'
    Description          = 'Reads the session logs of Claude Code, OpenClaw (clawdbot) and the pi coding agent and turns them into typed usage, cost and budget objects: every token kind kept apart, each API response counted once, model-accurate prices.'
    PowerShellVersion    = '7.4'
    FormatsToProcess     = @('ClaudeUsage.format.ps1xml')
    TypesToProcess       = @()
    CmdletsToExport      = @(
        'Get-ClaudeUsage'
        'Get-ClaudeSession'
        'Get-ClaudeUsageRecord'
        'Get-ClaudeModelPrice'
        'Test-ClaudeBudget'
        'Find-ClaudeUsageSpike'
        'Find-ClaudeCacheMiss'
        'Get-ClaudeBillingBlock'
        'Export-ClaudeDashboard'
        'Clear-ClaudeUsageCache'
        'Get-ClaudeUsageLedger'
        'Update-ClaudeUsageLedger'
        'Remove-ClaudeUsageLedger'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Claude', 'ClaudeCode', 'OpenClaw', 'clawdbot', 'pi', 'AI', 'Usage', 'Cost', 'Budget', 'Tokens', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            # The MIT license text also ships in the module folder as LICENSE. ProjectUri is stamped into the package
            # by `build.ps1 -Task Package -ProjectUri <address>`, so no address is committed before it exists.
            LicenseUri   = 'https://opensource.org/license/mit'
            ReleaseNotes = @'
First version. Get-ClaudeUsage, Get-ClaudeSession and Get-ClaudeUsageRecord read the session logs of Claude Code, pi and OpenClaw/clawdbot (JSONL, and OpenClaw's SQLite transcripts), count each API response once, and price every token kind at list price in any time zone; Get-ClaudeModelPrice shows the prices. Test-ClaudeBudget, Find-ClaudeUsageSpike and Get-ClaudeBillingBlock check budgets, find spikes and their causes, and show 5-hour windows; Export-ClaudeDashboard writes JSON, HTML and Markdown dashboards. An incremental cache makes scheduled re-runs cheap (-NoCache, Clear-ClaudeUsageCache). Get-Help covers every cmdlet and about_ClaudeUsage. The full list of changes is in CHANGELOG.md in the module folder.
'@
        }
    }
}
