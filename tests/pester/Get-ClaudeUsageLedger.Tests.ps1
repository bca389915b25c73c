#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Get-ClaudeUsageLedger' {
    BeforeEach {
        $script:Scratch = Enter-ScratchHome
        $script:Ledger = Join-Path $env:CLAUDEUSAGE_DATA_DIR 'ledger.db'
        $projects = Join-Path $env:CLAUDE_CONFIG_DIR 'projects'

        # Two sessions of one response each; old.jsonl is deleted after the first update.
        $script:Old = Write-LogFile -Root $projects -RelativePath '-home-user-work-demo/old.jsonl' -Line @(
            New-ClaudeAssistantLine -Timestamp '2026-10-01T09:00:00.000Z' -MessageId 'msg_A' -InputTokens 100 -OutputTokens 10 -SessionId 'old'
        )
        $null = Write-LogFile -Root $projects -RelativePath '-home-user-work-demo/new.jsonl' -Line @(
            New-ClaudeAssistantLine -Timestamp '2026-11-25T09:30:00.000Z' -MessageId 'msg_B' -InputTokens 200 -OutputTokens 20 -SessionId 'new'
        )
    }

    AfterEach {
        Exit-ScratchHome -Scratch $script:Scratch
    }

    It 'describes the ledger in the data folder, and what only it still has once a transcript is gone' {
        $null = Update-ClaudeUsageLedger
        Remove-Item -LiteralPath $script:Old
        $null = Update-ClaudeUsageLedger

        $ledger = Get-ClaudeUsageLedger

        $ledger.PSObject.TypeNames | Should -Contain 'ClaudeUsage.UsageLedger'
        $ledger.LedgerPath | Should -Be $script:Ledger
        $ledger.CountedResponses | Should -Be 2
        $ledger.ResponsesOfDeletedLogs | Should -Be 1
        $ledger.LogFiles | Should -Be 2
        $ledger.DeletedLogFiles | Should -Be 1
        $ledger.FirstResponse | Should -Be ([datetimeoffset]'2026-10-01T09:00:00Z')
        $ledger.LastResponse | Should -Be ([datetimeoffset]'2026-11-25T09:30:00Z')
    }

    It 'reads the logs no more than it changes the ledger' {
        $null = Update-ClaudeUsageLedger
        $null = Write-LogFile -Root (Join-Path $env:CLAUDE_CONFIG_DIR 'projects') -RelativePath '-home-user-work-demo/later.jsonl' -Line @(
            New-ClaudeAssistantLine -Timestamp '2026-11-26T09:00:00.000Z' -MessageId 'msg_C' -InputTokens 1 -OutputTokens 1 -SessionId 'later'
        )

        (Get-ClaudeUsageLedger).CountedResponses | Should -Be 2
    }

    It 'binds LedgerPath from Update-ClaudeUsageLedger -PassThru, and passes its own to Remove-ClaudeUsageLedger' {
        $elsewhere = Join-Path $script:Scratch.Root 'elsewhere/ledger.db'

        $ledger = Update-ClaudeUsageLedger -LedgerPath $elsewhere -PassThru | Get-ClaudeUsageLedger
        $ledger.LedgerPath | Should -Be $elsewhere
        $ledger.CountedResponses | Should -Be 2

        $ledger | Remove-ClaudeUsageLedger -Confirm:$false
        Test-Path -LiteralPath $elsewhere | Should -BeFalse
    }

    It 'says there is no ledger, with a stable error id, and makes none' {
        $missing = Join-Path $script:Scratch.Root 'none/ledger.db'

        $result = Get-ClaudeUsageLedger -LedgerPath $missing -ErrorVariable problems -ErrorAction SilentlyContinue

        $result | Should -BeNullOrEmpty
        $problems[0].FullyQualifiedErrorId | Should -Be 'LedgerNotFound,ClaudeUsage.Commands.GetClaudeUsageLedgerCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Test-Path -LiteralPath (Split-Path $missing) | Should -BeFalse
    }

    It 'names a file that is no ledger as damaged, and leaves it as it is' {
        $garbage = Join-Path $script:Scratch.Root 'garbage.db'
        Set-Content -LiteralPath $garbage -Value ('x' * 5000) -NoNewline

        $null = Get-ClaudeUsageLedger -LedgerPath $garbage -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems[0].FullyQualifiedErrorId | Should -Be 'LedgerDamaged,ClaudeUsage.Commands.GetClaudeUsageLedgerCommand'
        Get-Content -LiteralPath $garbage -Raw | Should -Be ('x' * 5000)
    }
}
