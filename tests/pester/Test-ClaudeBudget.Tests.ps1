#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The fixture is New-TwoSessionFixture (common.ps1), evaluated at Saturday 2026-11-21 12:00 UTC:
#   s1 on Friday 2026-11-20: $0.02625 (3,850 tokens); s2 on Saturday 2026-11-21 at 12:00: 10,000 input = $0.05.
#   Day (Sat 21st): $0.05, 10,000 tokens. Week (Mon 16th - Sun 22nd) and month (November): $0.07625.
# A response written at the very moment of -At counts.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fixture = New-TwoSessionFixture
    $at = @{ TimeZone = 'UTC'; At = '2026-11-21 12:00' }
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Test-ClaudeBudget' {
    Context 'The [bool] answer' {
        It 'is $true while every budget is below its critical threshold' {
            # Day $0.05 of $0.06 (83 %: a warning, not critical); month $0.07625 of $1.
            Test-ClaudeBudget -Path $fixture @at -Daily 0.06 -Monthly 1 | Should -BeTrue
        }

        It 'is $false once one budget reaches it, and works in an if statement' {
            # Week $0.07625 of $0.07.
            $answer = if (Test-ClaudeBudget -Path $fixture @at -Daily 0.06 -Weekly 0.07) { 'within' } else { 'over' }

            $answer | Should -Be 'over'
        }

        It 'is a single [bool]' {
            $result = @(Test-ClaudeBudget -Path $fixture @at -Daily 0.06 -Weekly 0.07 -Monthly 1)

            $result.Count | Should -Be 1
            $result[0] | Should -BeOfType [bool]
        }

        It 'passes over the limit while -CriticalAt leaves a grace margin' {
            # $0.07625 is 108.9 % of $0.07, below 1.1 x the limit.
            Test-ClaudeBudget -Path $fixture @at -Weekly 0.07 -CriticalAt 1.1 | Should -BeTrue
        }
    }

    Context 'Detailed objects' {
        BeforeAll {
            $day, $week, $month = Test-ClaudeBudget -Path $fixture @at -Daily 0.06 -Weekly 0.07 -Monthly 1 -Detailed
        }

        It 'returns one status per budget, daily, weekly, monthly' {
            $day.Period | Should -Be 'Daily'
            $week.Period | Should -Be 'Weekly'
            $month.Period | Should -Be 'Monthly'
            $day.PSObject.TypeNames[0] | Should -Be 'ClaudeUsage.BudgetStatus'
        }

        It 'projects the day from the half of it that has passed' {
            # $0.05 in 0.5 days: $0.10 a day, $0.10 by midnight, $0.04 over; the remaining $0.01 takes 0.1 day
            # more at that rate, so the limit is reached 0.6 day into the day: 14:24.
            $day.Spent | Should -Be ([decimal]'0.05')
            $day.Remaining | Should -Be ([decimal]'0.01')
            [math]::Round($day.PercentUsed, 2) | Should -Be ([decimal]'83.33')
            $day.Status | Should -Be 'Warning'
            $day.IsBelowCritical | Should -BeTrue
            $day.ElapsedDays | Should -Be ([decimal]'0.5')
            $day.BurnRatePerDay | Should -Be ([decimal]'0.1')
            $day.ProjectedSpend | Should -Be ([decimal]'0.1')
            $day.ProjectedOverage | Should -Be ([decimal]'0.04')
            $day.LimitReachedAt | Should -Be ([datetimeoffset]'2026-11-21T14:24:00Z')
            $day.Requests | Should -Be 1
        }

        It 'marks the week Exceeded, with an uncapped percentage and the response that reached the limit' {
            # $0.02625 + $0.05 = $0.07625 of $0.07 = 108.93 %; s2 at 12:00 took it over.
            $week.PeriodStart | Should -Be ([datetimeoffset]'2026-11-16T00:00:00Z')
            $week.PeriodEnd | Should -Be ([datetimeoffset]'2026-11-23T00:00:00Z')
            $week.Spent | Should -Be ([decimal]'0.07625')
            [math]::Round($week.PercentUsed, 2) | Should -Be ([decimal]'108.93')
            $week.Remaining | Should -Be ([decimal]'-0.00625')
            $week.Status | Should -Be 'Exceeded'
            $week.IsBelowCritical | Should -BeFalse
            $week.ElapsedDays | Should -Be ([decimal]'5.5')
            $week.LimitReachedAt | Should -Be ([datetimeoffset]'2026-11-21T12:00:00Z')
        }

        It 'names the sessions and models that spent the week, with their share' {
            # s2 $0.05 of $0.07625 = 65.57 %; s1 $0.02625 = 34.43 %; one model spent it all.
            $week.TopSessions.Name | Should -Be @('s2', 's1')
            $week.TopSessions[0].Project | Should -Be 'other'
            [math]::Round($week.TopSessions[0].SharePercent, 2) | Should -Be ([decimal]'65.57')
            $week.TopModels.Name | Should -Be 'claude-opus-4-5-20251101'
            $week.TopModels[0].SharePercent | Should -Be 100
        }

        It 'keeps the month Ok' {
            $month.PercentUsed | Should -Be ([decimal]'7.625')
            $month.Status | Should -Be 'Ok'
            $month.PeriodDays | Should -Be 30
        }

        It 'counts every token kind in a token budget' {
            # Day: 10,000 input tokens of 20,000 = 50 %.
            $tokens = Test-ClaudeBudget -Path $fixture @at -DailyTokens 20000 -Detailed

            $tokens.Metric | Should -Be 'Tokens'
            $tokens.Spent | Should -Be 10000
            $tokens.PercentUsed | Should -Be 50
            $tokens.Status | Should -Be 'Ok'
        }

        It 'leaves out responses after -At' {
            # At 11:59 on the 21st, s2 has not been written yet: the day has spent nothing.
            $early = Test-ClaudeBudget -Path $fixture -TimeZone UTC -At '2026-11-21 11:59' -Daily 0.06 -Detailed

            $early.Spent | Should -Be 0
            $early.Requests | Should -Be 0
        }
    }

    Context 'Default view' {
        It 'shows one row per budget under the budget view''s headers' {
            $text = Test-ClaudeBudget -Path $fixture @at -Daily 0.06 -Weekly 0.07 -Detailed | Out-String -Width 250

            $text | Should -Match 'Budget\s+Period\s+Limit\s+Spent\s+Used\s+Status'
            $text | Should -Match 'Daily USD\s+2026-11-21\s+0\.06\s+0\.05\s+83\.3%\s+Warning'
            $text | Should -Match 'Weekly USD\s+2026-11-16\.\.11-22\s+0\.07\s+0\.08\s+108\.9%\s+Exceeded'
        }
    }

    Context 'Errors' {
        It 'stops with NoBudget when no budget is given' {
            $e = { Test-ClaudeBudget -Path $fixture @at } |
                Should -Throw -ErrorId 'NoBudget,ClaudeUsage.Commands.TestClaudeBudgetCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops with InvalidBudget on an amount that is not above zero' {
            $e = { Test-ClaudeBudget -Path $fixture @at -Monthly 0 } |
                Should -Throw -ErrorId 'InvalidBudget,ClaudeUsage.Commands.TestClaudeBudgetCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops with InvalidBudgetThreshold when -WarningAt is above -CriticalAt' {
            $e = { Test-ClaudeBudget -Path $fixture @at -Monthly 1 -WarningAt 0.9 -CriticalAt 0.8 } |
                Should -Throw -ErrorId 'InvalidBudgetThreshold,ClaudeUsage.Commands.TestClaudeBudgetCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops with BudgetRangeNotSupported on -<Name>' -ForEach @(
            @{ Name = 'Since'; Range = @{ Since = '2026-11-01' } }
            @{ Name = 'Until'; Range = @{ Until = '2026-11-30' } }
            @{ Name = 'Period'; Range = @{ Period = 'ThisMonth' } }
        ) {
            $e = { Test-ClaudeBudget -Path $fixture @at -Monthly 1 @Range } |
                Should -Throw -ErrorId 'BudgetRangeNotSupported,ClaudeUsage.Commands.TestClaudeBudgetCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }
    }
}
