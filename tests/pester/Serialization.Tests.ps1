#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Every output type through ConvertTo-Json and Export-Csv as users run them, with no -EnumsAsStrings: a property that
# takes one of a fixed set of values (Status, Period, Source, GroupBy, ...) is written as its name, never a number.
# Claude Opus 4.5 at $5 per million input tokens, all times UTC:
#   session 'steady' (project demo): 200,000 input tokens = $1 at 09:00 on each of 10-17 November;
#   session 'burst' (project other): 1,000,000 input tokens = $5 at 10:00 on 17 November.
# At noon on the 17th: the day has spent $6, the week (from Monday the 16th) $7, the month $13 and 2,600,000 tokens.
# The window of 09:00-14:00 on the 17th holds 1,200,000 tokens and is still running.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fixture = New-TestFolder
    $null = Write-LogFile $fixture 'projects/-home-user-work-demo/steady.jsonl' @(
        foreach ($day in 10..17) {
            New-ClaudeAssistantLine -Timestamp "2026-11-$($day)T09:00:00.000Z" -MessageId "d$day" -InputTokens 200000 -SessionId steady
        }
    )
    $null = Write-LogFile $fixture 'projects/-home-user-work-other/burst.jsonl' @(
        (New-ClaudeAssistantLine -Timestamp '2026-11-17T10:00:00.000Z' -MessageId b1 -InputTokens 1000000 -SessionId burst -Cwd '/home/user/work/other')
    )
    $common = @{ Path = $fixture; TimeZone = 'UTC' }
    $noon = @{ Path = $fixture; TimeZone = 'UTC'; At = '2026-11-17 12:00' }

    # Daily $6 of $6.50 is Warning (92 %), weekly $7 of $10 Ok (70 %), monthly $13 of $12 Exceeded (108 %), and
    # 2,600,000 of 2,600,000 tokens Critical (100 %, not above the limit).
    $budgets = @(Test-ClaudeBudget @noon -Daily 6.5 -Weekly 10 -Monthly 12 -MonthlyTokens 2600000 -Detailed)
    $blocks = @(Get-ClaudeBillingBlock @noon -TokenLimit 1000000)
    $spikes = @(Find-ClaudeUsageSpike @common -At '2026-11-18')
    $ledger = Update-ClaudeUsageLedger -Path $fixture -LedgerPath (Join-Path $fixture 'ledger.db') -PassThru

    $outputs = [ordered]@{
        UsageSummary = @(Get-ClaudeUsage @common -GroupBy Day, Model) + @(Get-ClaudeUsage @common -GroupBy Source)
        UsageSession = @(Get-ClaudeSession @common)
        UsageRecord  = @(Get-ClaudeUsageRecord @common)
        BudgetStatus = $budgets
        BillingBlock = $blocks
        UsageSpike   = $spikes
        ModelPrice   = @(Get-ClaudeModelPrice -Model claude-opus-4-5)
        LedgerUpdate = @($ledger)
        UsageLedger  = @($ledger | Get-ClaudeUsageLedger)
    }

    function Get-EnumValue {
        <# The properties of an object, and of the objects in its properties, whose values are enums, as paths. #>
        param($InputObject, [string] $Path, [int] $Depth = 3)
        foreach ($property in $InputObject.PSObject.Properties) {
            $value = $property.Value
            foreach ($item in @($value)) {
                if ($item -is [enum]) {
                    "$Path.$($property.Name) = $item ($($item.GetType().FullName))"
                }
                elseif ($Depth -gt 1 -and $null -ne $item -and $item.GetType().Namespace -eq 'ClaudeUsage') {
                    Get-EnumValue -InputObject $item -Path "$Path.$($property.Name)" -Depth ($Depth - 1)
                }
            }
        }
    }
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Serialising the output' {
    It '<Name> holds no enum value, in its own properties or the objects inside them' -ForEach @(
        'UsageSummary', 'UsageSession', 'UsageRecord', 'BudgetStatus', 'BillingBlock', 'UsageSpike', 'ModelPrice', 'LedgerUpdate', 'UsageLedger' | ForEach-Object { @{ Name = $_ } }
    ) {
        $objects = $outputs[$Name]
        $objects.Count | Should -BeGreaterThan 0
        $objects[0].PSObject.TypeNames | Should -Contain "ClaudeUsage.$Name"

        @($objects | ForEach-Object { Get-EnumValue -InputObject $_ -Path $Name }) | Should -BeNullOrEmpty
    }

    It 'ConvertTo-Json writes a summary''s keys and source by name' {
        $json = $outputs.UsageSummary[0] | ConvertTo-Json
        $bySource = $outputs.UsageSummary[-1] | ConvertTo-Json -Compress

        $json | Should -Match '"GroupBy": \[\s*"Day",\s*"Model"\s*\]'
        $json | Should -Match '"Source": null'
        $bySource | Should -Match '"GroupBy":\["Source"\]'
        $bySource | Should -Match '"Source":"ClaudeCode"'
    }

    It 'ConvertTo-Json writes a session''s source and a record''s source, cost basis and step by name' {
        $outputs.UsageSession[0] | ConvertTo-Json -Compress | Should -Match '"Source":"ClaudeCode"'
        $record = $outputs.UsageRecord[0] | ConvertTo-Json -Compress

        $record | Should -Match '"Source":"ClaudeCode"'
        $record | Should -Match '"CostBasis":"Calculated"'
        $record | Should -Match '"Step":"Response"'
    }

    It 'ConvertTo-Json writes each budget''s period, metric and status by name' {
        $rows = $budgets | ConvertTo-Json -Depth 3 | ConvertFrom-Json

        ($rows | ForEach-Object { '{0} {1} {2}' -f $_.Period, $_.Metric, $_.Status }) |
            Should -Be 'Daily Cost Warning', 'Weekly Cost Ok', 'Monthly Cost Exceeded', 'Monthly Tokens Critical'
        $budgets[0] | ConvertTo-Json -Compress | Should -Match '"Status":"Warning"'
    }

    It 'ConvertTo-Json writes a billing window''s status and projected status by name' {
        $active = $blocks | Where-Object IsActive

        $active | ConvertTo-Json -Compress | Should -Match '"Status":"Exceeded"'
        $active | ConvertTo-Json -Compress | Should -Match '"ProjectedStatus":"Exceeded"'
        $blocks[0] | ConvertTo-Json -Compress | Should -Match '"Status":"Ok"'
    }

    It 'ConvertTo-Json writes a spike''s interval and metric, and its drivers'' kinds, by name' {
        $spike = $spikes | ConvertTo-Json -Depth 3 | ConvertFrom-Json

        $spike.Interval | Should -Be 'Day'
        $spike.Metric | Should -Be 'Cost'
        $spike.Sessions[0].Kind | Should -Be 'Session'
        $spike.Models[0].Kind | Should -Be 'Model'
        $spike.Projects[0].Kind | Should -Be 'Project'
    }

    It 'Export-Csv writes the names, which Import-Csv reads back' {
        $csv = Join-Path $fixture 'budgets.csv'
        $budgets | Select-Object Period, Metric, Status, PercentUsed | Export-Csv -LiteralPath $csv -NoTypeInformation

        (Import-Csv -LiteralPath $csv).Status | Should -Be 'Warning', 'Ok', 'Exceeded', 'Critical'
    }

    It 'Select-Object keeps the names too: a selected status is still written as one' {
        $budgets[0] | Select-Object Period, Status | ConvertTo-Json -Compress | Should -Be '{"Period":"Daily","Status":"Warning"}'
    }
}

Describe 'Comparing and sorting by status' {
    It 'Where-Object compares a status with its name, in any case' {
        ($budgets | Where-Object Status -EQ 'Exceeded').Period | Should -Be 'Monthly'
        ($budgets | Where-Object Status -EQ 'warning').Period | Should -Be 'Daily'
        @($budgets | Where-Object Status -In 'Critical', 'Exceeded').Count | Should -Be 2
        ($blocks | Where-Object ProjectedStatus -EQ 'Exceeded').IsActive | Should -BeTrue
    }

    It 'sorts by severity on PercentUsed, or on the status cast to ClaudeUsage.BudgetState' {
        ($budgets | Sort-Object PercentUsed).Status | Should -Be 'Ok', 'Warning', 'Critical', 'Exceeded'
        ($budgets | Sort-Object { [ClaudeUsage.BudgetState]$_.Status } -Descending).Status | Should -Be 'Exceeded', 'Critical', 'Warning', 'Ok'
    }

    It 'passes a row''s GroupBy back to -GroupBy' {
        $again = @(Get-ClaudeUsage @common -GroupBy $outputs.UsageSummary[0].GroupBy)

        $again[0].GroupBy | Should -Be 'Day', 'Model'
        $again.Count | Should -Be (@($outputs.UsageSummary).Count - 1)
    }
}
