#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Claude Opus 4.5 at $5 per million input tokens, all times UTC:
#   session 'steady' (project demo): 200,000 input tokens = $1 at 09:00 on each of 10-17 November;
#   session 'burst' (project other): 1,000,000 input tokens = $5 at 10:00 on 17 November.
# Days 10-16 spend $1; the 17th spends $6 and 1,200,000 tokens. History starts on the 10th, so with the
# default seven-day baseline only the 17th has enough history to be judged: median of seven $1 days = $1,
# $6 > 1.5 x $1 and $5 above it -> a spike of ratio 6. 'steady' did not grow ($1 against its own $1), so
# 'burst', 'other' and the one model account for all of the increase.

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
    $at = @{ TimeZone = 'UTC'; At = '2026-11-18 00:00' }
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Find-ClaudeUsageSpike' {
    Context 'Spikes and their drivers' {
        BeforeAll {
            $spikes = @(Find-ClaudeUsageSpike -Path $fixture @at)
        }

        It 'finds the one day that rose above its seven-day median' {
            $spikes.Count | Should -Be 1
            $spikes[0].PSObject.TypeNames[0] | Should -Be 'ClaudeUsage.UsageSpike'
            $spikes[0].Interval | Should -Be 'Day'
            $spikes[0].Start | Should -Be ([datetimeoffset]'2026-11-17T00:00:00Z')
            $spikes[0].End | Should -Be ([datetimeoffset]'2026-11-18T00:00:00Z')
            $spikes[0].Metric | Should -Be 'Cost'
            $spikes[0].Amount | Should -Be 6
            $spikes[0].Baseline | Should -Be 1
            $spikes[0].Increase | Should -Be 5
            $spikes[0].Ratio | Should -Be 6
            $spikes[0].BaselineIntervals | Should -Be 7
            $spikes[0].Requests | Should -Be 2
            $spikes[0].TotalTokens | Should -Be 1200000
        }

        It 'names only the session, project and model that grew' {
            $spikes[0].Sessions.Name | Should -Be 'burst'
            $spikes[0].Sessions[0].Project | Should -Be 'other'
            $spikes[0].Sessions[0].Increase | Should -Be 5
            $spikes[0].Sessions[0].SharePercent | Should -Be 100
            $spikes[0].Projects.Name | Should -Be 'other'
            $spikes[0].Projects[0].Project | Should -Be '/home/user/work/other'
            # The model spent $6 against its own median of $1.
            $spikes[0].Models.Name | Should -Be 'claude-opus-4-5-20251101'
            $spikes[0].Models[0].Increase | Should -Be 5
        }

        It 'judges nothing that has less history than the baseline needs' {
            # Eight intervals of baseline: the 17th has only seven days before it.
            Find-ClaudeUsageSpike -Path $fixture @at -BaselineIntervals 8 | Should -BeNullOrEmpty
        }

        It 'measures tokens with -Metric Tokens' {
            # 1,200,000 against 200,000: 1,000,000 above, exactly the default minimum increase for tokens.
            $spike = Find-ClaudeUsageSpike -Path $fixture @at -Metric Tokens

            $spike.Amount | Should -Be 1200000
            $spike.Baseline | Should -Be 200000
            $spike.Increase | Should -Be 1000000
            Find-ClaudeUsageSpike -Path $fixture @at -Metric Tokens -MinimumIncrease 1000001 | Should -BeNullOrEmpty
        }

        It 'needs the amount to be above -Factor times the baseline' {
            Find-ClaudeUsageSpike -Path $fixture @at -Factor 6 | Should -BeNullOrEmpty
        }
    }

    Context 'Range and -At' {
        It 'reads the baseline from before -Since' {
            @(Find-ClaudeUsageSpike -Path $fixture @at -Since 2026-11-17).Count | Should -Be 1
        }

        It 'judges no day after -Until' {
            Find-ClaudeUsageSpike -Path $fixture @at -Until 2026-11-16 | Should -BeNullOrEmpty
        }

        It 'leaves out responses after -At' {
            # At 09:30 on the 17th the burst has not happened: $1 against $1.
            Find-ClaudeUsageSpike -Path $fixture -TimeZone UTC -At '2026-11-17 09:30' | Should -BeNullOrEmpty
        }
    }

    Context 'Default view' {
        It 'shows the spike view''s headers and the largest factor' {
            $text = Find-ClaudeUsageSpike -Path $fixture @at | Out-String -Width 250

            $text | Should -Match 'Start\s+Amount\s+Baseline\s+Ratio\s+LargestFactor'
            $text | Should -Match '2026-11-17\s+6\.00\s+1\.00\s+6\.0x\s+NewWork \(100%\)'
        }

        It 'explains the spike in one line: the new project took the whole increase' {
            # 'other' ran on none of the seven baseline days: its $5 is new work; 'steady' spent its usual $1.
            $spike = Find-ClaudeUsageSpike -Path $fixture @at

            $spike.Explanation | Should -BeExactly '+$5.00 over a $1.00 baseline: new project other (+$5.00)'
            ($spike.Factors | Measure-Object Increase -Sum).Sum | Should -Be 5
            $spike.Factors[0].Factor | Should -BeExactly 'NewWork'
            $spike.Factors[0].Drivers[0].Name | Should -BeExactly 'other'
        }
    }

    Context 'Through the ledger, reading only the baseline before the range' {
        BeforeAll {
            $script:Scratch = Enter-ScratchHome
            $script:Root = $script:Scratch.Root
            # One response of $1 (200,000 input on Opus 4.5) on 1 November, nothing until a $6 burst on the 17th.
            # Judging from the 17th reads the ledger from the 10th only: the seven days before it are empty, but
            # history began on the 1st, so the 17th is judged (baseline $0) as a read of all history judges it.
            $projects = Join-Path $env:CLAUDE_CONFIG_DIR 'projects'
            $null = Write-LogFile $projects '-home-user-work-demo/early.jsonl' @(
                New-ClaudeAssistantLine -Timestamp '2026-11-01T09:00:00.000Z' -MessageId e1 -InputTokens 200000 -SessionId early
            )
            $null = Write-LogFile $projects '-home-user-work-demo/burst.jsonl' @(
                New-ClaudeAssistantLine -Timestamp '2026-11-17T10:00:00.000Z' -MessageId b1 -InputTokens 1200000 -SessionId burst
            )
            $null = Update-ClaudeUsageLedger
        }

        AfterAll {
            Exit-ScratchHome $script:Scratch
        }

        It 'judges the first interval of the range by when history began, as a read of all history does' {
            $bounded = Find-ClaudeUsageSpike -Since '2026-11-17' -TimeZone UTC -At '2026-11-18 00:00'
            $whole = Find-ClaudeUsageSpike -Since '2026-11-17' -TimeZone UTC -At '2026-11-18 00:00' -Project *

            $bounded.Start.Day | Should -Be 17
            $bounded.Amount | Should -Be 6
            $bounded.Baseline | Should -Be 0
            $bounded.Explanation | Should -BeExactly $whole.Explanation
        }
    }

    Context 'Errors' {
        It 'stops with InvalidSpikeSettings on -<Name>' -ForEach @(
            @{ Name = 'BaselineIntervals 0'; Setting = @{ BaselineIntervals = 0 } }
            @{ Name = 'Factor 0.5'; Setting = @{ Factor = 0.5 } }
            @{ Name = 'MinimumIncrease -1'; Setting = @{ MinimumIncrease = -1 } }
        ) {
            $e = { Find-ClaudeUsageSpike -Path $fixture @at @Setting } |
                Should -Throw -ErrorId 'InvalidSpikeSettings,ClaudeUsage.Commands.FindClaudeUsageSpikeCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops with InvalidTimeZone on an unknown zone' {
            { Find-ClaudeUsageSpike -Path $fixture -TimeZone 'Mars/Olympus' } |
                Should -Throw -ErrorId 'InvalidTimeZone,ClaudeUsage.Commands.FindClaudeUsageSpikeCommand'
        }
    }

    Context 'Read-only' {
        It 'has no -WhatIf, because it never writes' {
            (Get-Command Find-ClaudeUsageSpike).Parameters.ContainsKey('WhatIf') | Should -BeFalse
        }
    }
}
