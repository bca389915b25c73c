#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Remove-ClaudeUsageLedger' {
    BeforeEach {
        $script:Root = New-TestFolder
        $script:Ledger = Join-Path $script:Root 'ledger.db'
        $logs = Join-Path $script:Root 'logs'
        $null = Write-LogFile -Root $logs -RelativePath 'projects/-home-user-work-demo/s.jsonl' -Line @(
            New-ClaudeAssistantLine -Timestamp '2026-11-20T09:00:00.000Z' -MessageId 'msg_A' -InputTokens 10 -OutputTokens 5
        )
        $null = Update-ClaudeUsageLedger -Path $logs -LedgerPath $script:Ledger
    }

    AfterEach {
        Remove-Item -LiteralPath $script:Root -Recurse -Force -ErrorAction SilentlyContinue
    }

    It 'has a high confirm impact, so it asks before deleting' {
        $attribute = (Get-Command Remove-ClaudeUsageLedger).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.ConfirmImpact | Should -Be 'High'
        $attribute.SupportsShouldProcess | Should -BeTrue
    }

    It 'deletes nothing with -WhatIf' {
        Remove-ClaudeUsageLedger -LedgerPath $script:Ledger -WhatIf
        Test-Path -LiteralPath $script:Ledger | Should -BeTrue
    }

    It 'deletes the ledger and its SQLite files, keeps the machine id, and names what it deleted' {
        $deleted = Remove-ClaudeUsageLedger -LedgerPath $script:Ledger -Confirm:$false -PassThru

        $deleted.Name | Should -Contain 'ledger.db'
        Test-Path -LiteralPath $script:Ledger | Should -BeFalse
        Test-Path -LiteralPath "$($script:Ledger)-wal" | Should -BeFalse
        Test-Path -LiteralPath (Join-Path $script:Root 'machine-id') | Should -BeTrue
    }
}
