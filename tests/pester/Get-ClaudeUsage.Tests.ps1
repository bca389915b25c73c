#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Expected values are worked by hand in New-TwoSessionFixture (common.ps1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fixture = New-TwoSessionFixture
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-ClaudeUsage' {
    Context 'Default view' {
        It 'shows one row per day under the day view''s headers' {
            $text = Get-ClaudeUsage -Path $fixture -TimeZone UTC | Out-String -Width 250

            $text | Should -Match 'Day\s+Requests\s+TotalTokens\s+Cost'
            $text | Should -Match '2026-11-20\s+3\s+3,850\s+0\.03\b'
            $text | Should -Match '2026-11-21\s+1\s+10,000\s+0\.05\b'
        }

        It 'shows each token kind in the Tokens view' {
            $text = Get-ClaudeUsage -Path $fixture -TimeZone UTC | Format-Table -View Tokens | Out-String -Width 250

            $text | Should -Match 'Day\s+Requests\s+Input\s+Output\s+CacheWrite\s+CacheRead\s+TotalTokens\s+Cost'
            $text | Should -Match '2026-11-20\s+3\s+3,500\s+350\b'
            $text | Should -Match '2026-11-21\s+1\s+10,000\s+0\b'
        }

        It 'shows the keys of a two-key grouping as its first columns' {
            $text = Get-ClaudeUsage -Path $fixture -GroupBy Day, Model -TimeZone UTC | Out-String -Width 250

            $text | Should -Match 'Day\s+Model\s+Requests'
            $text | Should -Match '2026-11-20\s+claude-opus-4-5-20251101'
        }

        It 'reads the samples folder as the README shows' {
            $text = Get-ClaudeUsage -Path $Samples -TimeZone UTC | Out-String -Width 250

            foreach ($day in '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21') {
                $text | Should -Match $day
            }
        }
    }

    Context 'Values' {
        It 'totals each day exactly' {
            $rows = @(Get-ClaudeUsage -Path $fixture -TimeZone UTC)

            $rows.Count | Should -Be 2
            $rows[0].Day | Should -Be ([datetime]'2026-11-20')
            $rows[0].InputTokens | Should -Be 3500
            $rows[0].OutputTokens | Should -Be 350
            $rows[0].Requests | Should -Be 3
            $rows[0].Cost | Should -Be ([decimal]'0.02625')
            $rows[1].Cost | Should -Be ([decimal]'0.05')
        }

        It 'keeps only the requested models, with wildcards' {
            (Get-ClaudeUsage -Path $fixture -GroupBy Total -Model '*sonnet*') | Should -BeNullOrEmpty
            (Get-ClaudeUsage -Path $fixture -GroupBy Total -Model '*opus*').Requests | Should -Be 4
        }
    }

    Context 'Pipeline binding' {
        It 'binds the PSPath of Get-ChildItem output to -LiteralPath' {
            $total = Get-ChildItem -LiteralPath (Join-Path $fixture 'projects/-home-user-work-other') -Filter *.jsonl |
                Get-ClaudeUsage -GroupBy Total

            $total.InputTokens | Should -Be 10000
            $total.Cost | Should -Be ([decimal]'0.05')
        }

        It 'reads only the sessions Get-ClaudeSession passes on' {
            $total = Get-ClaudeSession -Path $fixture | Where-Object Project -EQ 'other' | Get-ClaudeUsage -GroupBy Total

            $total.InputTokens | Should -Be 10000
            $total.Sessions | Should -Be 1
        }
    }

    Context 'Errors' {
        It 'reports a missing path as a non-terminating PathNotFound error and reads the other paths' {
            $rows = Get-ClaudeUsage -Path (Join-Path $fixture 'nowhere'), $fixture -GroupBy Total -ErrorVariable err -ErrorAction SilentlyContinue

            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,ClaudeUsage.Commands.GetClaudeUsageCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $rows.Requests | Should -Be 4
        }

        It 'stops on an unknown time zone with InvalidTimeZone' {
            $e = { Get-ClaudeUsage -Path $fixture -TimeZone 'Mars/Olympus' } |
                Should -Throw -ErrorId 'InvalidTimeZone,ClaudeUsage.Commands.GetClaudeUsageCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops when -Since is not before -Until with InvalidTimeRange' {
            { Get-ClaudeUsage -Path $fixture -Since 2026-11-21 -Until 2026-11-19 } |
                Should -Throw -ErrorId 'InvalidTimeRange,ClaudeUsage.Commands.GetClaudeUsageCommand'
        }

        It 'leaves the cost of an unpriced model empty and names the model in one warning' {
            $dir = New-TestFolder
            try {
                $null = Write-LogFile $dir 'projects/p/s.jsonl' @(
                    (New-ClaudeAssistantLine -Timestamp '2026-11-20T09:00:00.000Z' -MessageId u1 -Model 'claude-imaginary-9' -InputTokens 10)
                )

                $row = Get-ClaudeUsage -Path $dir -GroupBy Model -WarningVariable warnings -WarningAction SilentlyContinue

                $row.Cost | Should -BeNullOrEmpty
                $row.UnpricedRequests | Should -Be 1
                $warnings.Count | Should -Be 1
                $warnings[0].Message | Should -Match 'claude-imaginary-9'
            }
            finally {
                Remove-Item -LiteralPath $dir -Recurse -Force
            }
        }

        It 'skips a malformed line with one warning and counts the rest' {
            $dir = New-TestFolder
            try {
                $null = Write-LogFile $dir 'projects/p/s.jsonl' @(
                    '{"type":"assistant", this is not JSON'
                    (New-ClaudeAssistantLine -Timestamp '2026-11-20T09:00:00.000Z' -MessageId ok1 -InputTokens 1000)
                )

                $row = Get-ClaudeUsage -Path $dir -GroupBy Total -WarningVariable warnings -WarningAction SilentlyContinue

                $row.InputTokens | Should -Be 1000
                $warnings.Count | Should -Be 1
                $warnings[0].Message | Should -Match 'line 1'
            }
            finally {
                Remove-Item -LiteralPath $dir -Recurse -Force
            }
        }
    }

    Context 'Read-only' {
        It 'has no -WhatIf, because it never writes' {
            (Get-Command Get-ClaudeUsage).Parameters.ContainsKey('WhatIf') | Should -BeFalse
        }

        It 'leaves the log folder exactly as it was' {
            $before = Get-ChildItem -LiteralPath $fixture -Recurse -Force | ForEach-Object { "$($_.FullName)|$($_.Length)|$($_.LastWriteTimeUtc.Ticks)" }

            $null = Get-ClaudeUsage -Path $fixture

            $after = Get-ChildItem -LiteralPath $fixture -Recurse -Force | ForEach-Object { "$($_.FullName)|$($_.Length)|$($_.LastWriteTimeUtc.Ticks)" }
            ($after -join "`n") | Should -Be ($before -join "`n")
        }
    }

    Context 'The environment of each command' {
        It 'reads $env:HOME again for every command' {
            $saved = @{ HOME = $env:HOME; CLAUDE_CONFIG_DIR = $env:CLAUDE_CONFIG_DIR; XDG_CONFIG_HOME = $env:XDG_CONFIG_HOME }
            $homeA = New-TestFolder
            $homeB = New-TestFolder
            try {
                $env:CLAUDE_CONFIG_DIR = $null
                $env:XDG_CONFIG_HOME = $null
                # A: 10 in + 5 out; B: 20 in + 1 out.
                $null = Write-LogFile -Root $homeA -RelativePath '.claude/projects/-a/s.jsonl' -Line (New-ClaudeAssistantLine -Timestamp '2026-11-20T10:00:00.000Z' -MessageId 'msg_A' -InputTokens 10 -OutputTokens 5)
                $null = Write-LogFile -Root $homeB -RelativePath '.claude/projects/-b/s.jsonl' -Line (New-ClaudeAssistantLine -Timestamp '2026-11-20T10:00:00.000Z' -MessageId 'msg_B' -InputTokens 20 -OutputTokens 1)

                $env:HOME = $homeA
                (Get-ClaudeUsage -Source ClaudeCode -Period AllTime -GroupBy Total -LogsOnly).TotalTokens | Should -Be 15
                $env:HOME = $homeB
                (Get-ClaudeUsage -Source ClaudeCode -Period AllTime -GroupBy Total -LogsOnly).TotalTokens | Should -Be 21
            }
            finally {
                foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) }
                Remove-Item -LiteralPath $homeA, $homeB -Recurse -Force
            }
        }
    }
}
