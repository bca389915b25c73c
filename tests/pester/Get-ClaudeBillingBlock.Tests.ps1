#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# One session on Claude Opus 4.5 ($5 per million input tokens), all times UTC:
#   2026-11-20 09:15  100,000 in ($0.50)  opens window 1, 09:00-14:00
#   2026-11-20 10:45   50,000 in ($0.25)  window 1: 150,000 tokens, $0.75, 2 requests
#   2026-11-20 14:00   20,000 in ($0.10)  exactly five hours after 09:00: opens window 2, 14:00-19:00
#   2026-11-21 08:30   60,000 in ($0.30)  opens window 3, 08:00-13:00; the gap 19:00-08:00 lies before it
# Evaluated at 2026-11-21 09:30, window 3 is active: 60,000 tokens and $0.30 in the hour since 08:30, so
# 1,000 tokens a minute and $0.30 an hour; 3.5 hours left -> 60,000 + 210,000 = 270,000 tokens and
# $0.30 + $1.05 = $1.35 at 13:00. The largest finished window (-TokenLimit Max) is window 1, 150,000 tokens.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fixture = New-TestFolder
    $null = Write-LogFile $fixture 'projects/-home-user-work-demo/w.jsonl' @(
        (New-ClaudeAssistantLine -Timestamp '2026-11-20T09:15:00.000Z' -MessageId w1 -InputTokens 100000 -SessionId w)
        (New-ClaudeAssistantLine -Timestamp '2026-11-20T10:45:00.000Z' -MessageId w2 -InputTokens 50000 -SessionId w)
        (New-ClaudeAssistantLine -Timestamp '2026-11-20T14:00:00.000Z' -MessageId w3 -InputTokens 20000 -SessionId w)
        (New-ClaudeAssistantLine -Timestamp '2026-11-21T08:30:00.000Z' -MessageId w4 -InputTokens 60000 -SessionId w)
    )
    $at = @{ TimeZone = 'UTC'; At = '2026-11-21 09:30' }
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-ClaudeBillingBlock' {
    Context 'Windows' {
        BeforeAll {
            $blocks = @(Get-ClaudeBillingBlock -Path $fixture @at)
        }

        It 'cuts the responses into three 5-hour windows' {
            $blocks.Count | Should -Be 3
            $blocks[0].PSObject.TypeNames[0] | Should -Be 'ClaudeUsage.BillingBlock'
            $blocks.Start | Should -Be @(
                [datetimeoffset]'2026-11-20T09:00:00Z'
                [datetimeoffset]'2026-11-20T14:00:00Z'
                [datetimeoffset]'2026-11-21T08:00:00Z'
            )
            $blocks[0].End | Should -Be ([datetimeoffset]'2026-11-20T14:00:00Z')
            $blocks[0].Duration | Should -Be ([timespan]::FromHours(5))
        }

        It 'adds up each window' {
            $blocks[0].Requests | Should -Be 2
            $blocks[0].InputTokens | Should -Be 150000
            $blocks[0].Cost | Should -Be ([decimal]'0.75')
            $blocks[0].FirstActivity | Should -Be ([datetimeoffset]'2026-11-20T09:15:00Z')
            $blocks[0].LastActivity | Should -Be ([datetimeoffset]'2026-11-20T10:45:00Z')
            $blocks[0].Sessions | Should -Be 1
            $blocks[0].Models | Should -Be 'claude-opus-4-5-20251101'
        }

        It 'opens a new window for a response exactly five hours after the start' {
            $blocks[1].Requests | Should -Be 1
            $blocks[1].TotalTokens | Should -Be 20000
        }

        It 'projects the active window from its first response to -At' {
            $active = $blocks[2]

            $blocks[0].IsActive | Should -BeFalse
            $active.IsActive | Should -BeTrue
            $active.TimeLeft | Should -Be ([timespan]::FromMinutes(210))
            $active.TokensPerMinute | Should -Be 1000
            $active.CostPerHour | Should -Be ([decimal]'0.3')
            $active.ProjectedTotalTokens | Should -Be 270000
            $active.ProjectedCost | Should -Be ([decimal]'1.35')
        }

        It 'returns only the running window with -Active' {
            $active = @(Get-ClaudeBillingBlock -Path $fixture @at -Active)

            $active.Count | Should -Be 1
            $active[0].Start | Should -Be ([datetimeoffset]'2026-11-21T08:00:00Z')
        }

        It 'lists the gap between two windows with -IncludeGaps' {
            $all = @(Get-ClaudeBillingBlock -Path $fixture @at -IncludeGaps)

            # Windows 1 and 2 touch; only 19:00 to 08:00 is a gap.
            $all.Count | Should -Be 4
            $all[2].IsGap | Should -BeTrue
            $all[2].Start | Should -Be ([datetimeoffset]'2026-11-20T19:00:00Z')
            $all[2].End | Should -Be ([datetimeoffset]'2026-11-21T08:00:00Z')
            $all[2].TotalTokens | Should -Be 0
        }

        It 'lists a window that began before -Since whole' {
            $listed = @(Get-ClaudeBillingBlock -Path $fixture @at -Since '2026-11-20 12:00' -Until '2026-11-20 13:00')

            $listed.Count | Should -Be 1
            $listed[0].Requests | Should -Be 2
        }
    }

    Context 'Token limits' {
        It 'compares with the largest finished window for -TokenLimit Max' {
            $blocks = @(Get-ClaudeBillingBlock -Path $fixture @at -TokenLimit Max)

            # 150,000 of 150,000 is Critical (at the limit, not above it); 20,000 is 13.33 %;
            # the active 60,000 is 40 %, and its projected 270,000 is 180 %.
            $blocks.TokenLimit | Should -Be @(150000, 150000, 150000)
            $blocks[0].PercentUsed | Should -Be 100
            $blocks[0].Status | Should -Be 'Critical'
            [math]::Round($blocks[1].PercentUsed, 2) | Should -Be ([decimal]'13.33')
            $blocks[1].Status | Should -Be 'Ok'
            $blocks[2].PercentUsed | Should -Be 40
            $blocks[2].ProjectedPercentUsed | Should -Be 180
            $blocks[2].ProjectedStatus | Should -Be 'Exceeded'
        }

        It 'takes a number with thousands separators' {
            # 60,000 of 75,000 = 80 %: Warning.
            $active = Get-ClaudeBillingBlock -Path $fixture @at -Active -TokenLimit '75,000'

            $active.TokenLimit | Should -Be 75000
            $active.Status | Should -Be 'Warning'
        }

        It 'warns and gives no percentage when no window has finished yet' {
            $first = Get-ClaudeBillingBlock -Path $fixture -TimeZone UTC -At '2026-11-20 10:00' -TokenLimit Max -WarningVariable warnings -WarningAction SilentlyContinue

            $first.IsActive | Should -BeTrue
            $first.PercentUsed | Should -BeNullOrEmpty
            $warnings.Count | Should -Be 1
        }
    }

    Context 'Default view' {
        It 'shows the window view''s headers and marks the active window' {
            $text = Get-ClaudeBillingBlock -Path $fixture @at -IncludeGaps | Out-String -Width 250

            $text | Should -Match 'Start\s+End\s+State\s+Requests\s+TotalTokens\s+Cost\s+Used\s+TimeLeft'
            $text | Should -Match '(?m)2026-11-20 09:00\s+14:00\s+2\s+150,000\s+0\.75\s*$'
            $text | Should -Match '2026-11-20 19:00\s+08:00\s+gap'
            $text | Should -Match '2026-11-21 08:00\s+13:00\s+ACTIVE\s+1\s+60,000\s+0\.30\s+3:30'
        }
    }

    Context 'Through the ledger, reading from the last five-hour pause before the range' {
        BeforeAll {
            $script:Scratch = Enter-ScratchHome
            $script:Root = $script:Scratch.Root
            # Responses (UTC): Oct 31 20:00; Nov 1 09:00, 13:00 and 16:00; Nov 2 08:00 and 10:00. Windows: Oct 31
            # 20:00; Nov 1 09:00 (13:00 is 4 hours in); Nov 1 16:00 (7 hours after 09:00); Nov 2 08:00 (16 hours after
            # the last). Nov 1 09:00 is the last response before Nov 2 that follows a pause of more than five hours,
            # so a search from Nov 2 reads the ledger from there: five responses, not six.
            $projects = Join-Path $env:CLAUDE_CONFIG_DIR 'projects'
            $times = '2026-10-31T20:00:00.000Z', '2026-11-01T09:00:00.000Z', '2026-11-01T13:00:00.000Z', '2026-11-01T16:00:00.000Z', '2026-11-02T08:00:00.000Z', '2026-11-02T10:00:00.000Z'
            $i = 0
            $null = Write-LogFile $projects '-home-user-work-demo/s.jsonl' @(
                foreach ($t in $times) { $i++; New-ClaudeAssistantLine -Timestamp $t -MessageId "m$i" -InputTokens (1000 * $i) -SessionId s }
            )
            $null = Update-ClaudeUsageLedger
        }

        AfterAll {
            Exit-ScratchHome $script:Scratch
        }

        It 'finds the windows a read of all history finds, from fewer rows' {
            $common = @{ Since = '2026-11-02'; TimeZone = 'UTC'; At = '2026-11-03 00:00' }
            $bounded = Get-ClaudeBillingBlock @common -Verbose 4>&1
            $whole = Get-ClaudeBillingBlock @common -Project * -Verbose 4>&1

            $windows = @($bounded | Where-Object { $_ -is [ClaudeUsage.BillingBlock] })
            $windows.Count | Should -Be 1
            $windows[0].Start | Should -Be ([datetimeoffset]'2026-11-02T08:00:00Z')
            $windows[0].TotalTokens | Should -Be 11000
            ($windows | ConvertTo-Json -Depth 3) | Should -BeExactly (@($whole | Where-Object { $_ -is [ClaudeUsage.BillingBlock] }) | ConvertTo-Json -Depth 3)
            (($bounded | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'The ledger summed 5 counted response\(s\) in range'
            (($whole | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'The ledger summed 6 counted response\(s\) in range'
        }
    }

    Context 'Errors' {
        It 'stops with InvalidTokenLimit on <Value>' -ForEach @(
            @{ Value = 'lots' }
            @{ Value = '0' }
        ) {
            $e = { Get-ClaudeBillingBlock -Path $fixture @at -TokenLimit $Value } |
                Should -Throw -ErrorId 'InvalidTokenLimit,ClaudeUsage.Commands.GetClaudeBillingBlockCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops with InvalidTimeRange when -Since is not before -Until' {
            { Get-ClaudeBillingBlock -Path $fixture @at -Since 2026-11-21 -Until 2026-11-20 } |
                Should -Throw -ErrorId 'InvalidTimeRange,ClaudeUsage.Commands.GetClaudeBillingBlockCommand'
        }
    }
}
