#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The README's composition examples, in pwsh: the cmdlets' objects through Where-Object, Sort-Object, Select-Object,
# Group-Object, Format-Table, ConvertTo-Json and Export-Csv. Expected values are worked by hand in
# New-TwoSessionFixture (common.ps1): s1 on 2026-11-20, 3 requests, 3,850 tokens, $0.02625 (of which the subagent
# transcript: 1 request, 550 tokens, $0.00375); s2 on 2026-11-21, 1 request, 10,000 tokens, $0.05.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fixture = New-TwoSessionFixture
    $invariant = [System.Globalization.CultureInfo]::InvariantCulture
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Composing the output' {
    It 'ConvertTo-Json keeps the row keys, and numbers as numbers' {
        $rows = Get-ClaudeUsage -Path $fixture -TimeZone UTC | ConvertTo-Json | ConvertFrom-Json

        $rows.Count | Should -Be 2
        ([datetime]$rows[0].Day).ToString('yyyy-MM-dd', $invariant) | Should -Be '2026-11-20'
        $rows[0].Requests | Should -Be 3
        $rows[0].TotalTokens | Should -Be 3850
        $rows[0].Cost | Should -Be 0.02625
        $rows[1].TotalTokens | Should -Be 10000
        $rows[1].Cost | Should -Be 0.05
    }

    It 'Select-Object and Export-Csv write the columns asked for, which Import-Csv reads back' {
        $csv = Join-Path $fixture 'usage.csv'
        Get-ClaudeUsage -Path $fixture -TimeZone UTC | Select-Object Day, Requests, TotalTokens, Cost | Export-Csv -LiteralPath $csv -NoTypeInformation

        $rows = @(Import-Csv -LiteralPath $csv)

        $rows.Count | Should -Be 2
        ($rows[0].PSObject.Properties.Name -join ',') | Should -Be 'Day,Requests,TotalTokens,Cost'
        [long]$rows[0].TotalTokens | Should -Be 3850
        [decimal]::Parse($rows[1].Cost, $invariant) | Should -Be ([decimal]'0.05')
    }

    It 'Sort-Object and Select-Object pick the costliest session' {
        $top = Get-ClaudeSession -Path $fixture -TimeZone UTC | Sort-Object Cost -Descending | Select-Object -First 1

        $top.SessionId | Should -Be 's2'
        $top.Cost | Should -Be ([decimal]'0.05')
    }

    It 'sessions piped back into Get-ClaudeUsage read their own files and count only their own responses' {
        $rows = @(Get-ClaudeSession -Path $fixture -TimeZone UTC | Where-Object SessionId -EQ 's1' | Get-ClaudeUsage -GroupBy Day, Session -TimeZone UTC)

        $rows.Count | Should -Be 1
        $rows[0].SessionId | Should -Be 's1'
        $rows[0].Requests | Should -Be 3
        $rows[0].TotalTokens | Should -Be 3850
    }

    It 'Get-ChildItem output binds to -LiteralPath, so only the files listed are read' {
        $sessions = @(Get-ChildItem -LiteralPath $fixture -Recurse -Filter *.jsonl | Where-Object FullName -NotMatch 'subagents' | Get-ClaudeSession -TimeZone UTC)

        $sessions.Count | Should -Be 2
        # Without the subagent transcript, s1 holds m1 and m2 only: 3,000 in + 300 out.
        ($sessions | Where-Object SessionId -EQ 's1').TotalTokens | Should -Be 3300
    }

    It 'Group-Object and Measure-Object over records give the daily costs' {
        $byDay = Get-ClaudeUsageRecord -Path $fixture -TimeZone UTC |
            Group-Object { $_.Timestamp.ToString('yyyy-MM-dd', $invariant) } |
            ForEach-Object { [pscustomobject]@{ Day = $_.Name; Cost = ($_.Group | Measure-Object Cost -Sum).Sum } }

        ($byDay | Where-Object Day -EQ '2026-11-20').Cost | Should -Be 0.02625
        ($byDay | Where-Object Day -EQ '2026-11-21').Cost | Should -Be 0.05
    }

    It 'Format-Table shows the total row, and its Tokens view the token kinds' {
        $total = Get-ClaudeUsage -Path $fixture -GroupBy Total -TimeZone UTC
        $text = $total | Format-Table | Out-String -Width 250
        $tokens = $total | Format-Table -View Tokens | Out-String -Width 250

        # 3,850 + 10,000 tokens; $0.02625 + $0.05 = $0.07625, shown to the cent.
        $text | Should -Match '\b4\s+13,850\s+0\.08\b'
        $tokens | Should -Match '\b4\s+13,500\s+350\s+0\s+0\s+13,850\s+0\.08\b'
    }
}
