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
        'Clear-ClaudeUsageCache'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('Claude', 'ClaudeCode', 'OpenClaw', 'clawdbot', 'pi', 'AI', 'Usage', 'Cost', 'Budget', 'Tokens', 'PSEdition_Core', 'Windows', 'Linux', 'MacOS')
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
