#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Claude Sonnet 4.5 ($3.75 per million tokens for 5-minute writes, $6 for 1-hour writes, $0.30 for reads), Opus 4.5
# ($6.25 and $0.50) and Haiku 4.5, all times UTC on 20 November:
#   session 'idle' (project demo): r1 09:00 writes 40,000; r2 09:02 reads them and writes 2,000; r3 09:09 reads
#     nothing and writes 43,000; r4 11:09 reads nothing and writes 45,000.
#     r3: an idle gap of 7 minutes after 5-minute writes: 42,000 × ($3.75 − $0.30) = $0.1449; as 1-hour writes the
#     prefix would have cost 42,000 × ($6 − $3.75) = $0.0945 more, so a 1-hour cache would have saved $0.0504.
#     r4: an idle gap of 2 hours: 43,000 × $3.45 = $0.14835, and no 1-hour cache would have kept it.
#   its subagent transcript (Haiku 4.5): a1 09:01 writes 8,000; a2 09:01:30 reads them and writes 90,000. Its own
#     thread: no miss there, and none in the parent, which is compared with its own requests alone.
#   session 's2' (project other): 08:00 writes 30,000 on Sonnet; 10:01 writes 31,000 on Opus 4.5: a model change,
#     30,000 × ($6.25 − $0.50) = $0.1725.
# All: 3 misses, $0.46575, of which idle gaps $0.29325; 8 requests.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    function New-CachedLine {
        <# A Claude Code assistant line with cache writes and reads, from New-ClaudeAssistantLine. #>
        param(
            [Parameter(Mandatory)] [string] $Timestamp,
            [Parameter(Mandatory)] [string] $MessageId,
            [string] $Model = 'claude-sonnet-4-5-20250929',
            [long] $InputTokens = 0,
            [long] $Write5m = 0,
            [long] $Read = 0,
            [string] $SessionId = 'idle',
            [string] $Cwd = '/home/user/work/demo',
            [switch] $Sidechain
        )
        $line = New-ClaudeAssistantLine -Timestamp $Timestamp -MessageId $MessageId -Model $Model -InputTokens $InputTokens -SessionId $SessionId -Cwd $Cwd -Sidechain:$Sidechain | ConvertFrom-Json
        $line.message.usage.cache_creation_input_tokens = $Write5m
        $line.message.usage.cache_read_input_tokens = $Read
        $line.message.usage.cache_creation.ephemeral_5m_input_tokens = $Write5m
        $line | ConvertTo-Json -Compress -Depth 10
    }

    function Write-CacheMissFixture {
        <# Writes the fixture described at the top below a 'projects' folder of $Root; returns the transcripts' paths. #>
        param([Parameter(Mandatory)] [string] $Root)
        Write-LogFile $Root 'projects/-home-user-work-demo/idle.jsonl' @(
            (New-CachedLine -Timestamp '2026-11-20T09:00:00.000Z' -MessageId r1 -InputTokens 3 -Write5m 40000)
            (New-CachedLine -Timestamp '2026-11-20T09:02:00.000Z' -MessageId r2 -InputTokens 5 -Write5m 2000 -Read 40000)
            (New-CachedLine -Timestamp '2026-11-20T09:09:00.000Z' -MessageId r3 -InputTokens 5 -Write5m 43000)
            (New-CachedLine -Timestamp '2026-11-20T11:09:00.000Z' -MessageId r4 -InputTokens 5 -Write5m 45000)
        )
        Write-LogFile $Root 'projects/-home-user-work-demo/idle/subagents/agent-1.jsonl' @(
            (New-CachedLine -Timestamp '2026-11-20T09:01:00.000Z' -MessageId a1 -Model 'claude-haiku-4-5-20251001' -InputTokens 3 -Write5m 8000 -Sidechain)
            (New-CachedLine -Timestamp '2026-11-20T09:01:30.000Z' -MessageId a2 -Model 'claude-haiku-4-5-20251001' -InputTokens 3 -Write5m 90000 -Read 8000 -Sidechain)
        )
        Write-LogFile $Root 'projects/-home-user-work-other/s2.jsonl' @(
            (New-CachedLine -Timestamp '2026-11-20T08:00:00.000Z' -MessageId s1 -Write5m 30000 -SessionId s2 -Cwd '/home/user/work/other')
            (New-CachedLine -Timestamp '2026-11-20T10:01:00.000Z' -MessageId s2 -Model 'claude-opus-4-5-20251101' -Write5m 31000 -SessionId s2 -Cwd '/home/user/work/other')
        )
    }

    $fixture = New-TestFolder
    $null = Write-CacheMissFixture -Root $fixture
    $common = @{ Path = $fixture; TimeZone = 'UTC' }
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Find-ClaudeCacheMiss' {
    Context 'One object per miss' {
        BeforeAll {
            $misses = @(Find-ClaudeCacheMiss @common)
        }

        It 'finds the two idle gaps and the model change, in time order' {
            $misses.Count | Should -Be 3
            $misses[0].PSObject.TypeNames[0] | Should -Be 'ClaudeUsage.CacheMiss'
            $misses.Cause | Should -Be @('IdleGap', 'ModelChanged', 'IdleGap')
            $misses.SessionId | Should -Be @('idle', 's2', 'idle')
            $misses.Time | Should -Be @([datetimeoffset]'2026-11-20T09:09:00Z', [datetimeoffset]'2026-11-20T10:01:00Z', [datetimeoffset]'2026-11-20T11:09:00Z')
        }

        It 'prices each miss and the 1-hour saving by hand' {
            $misses.PrefixTokens | Should -Be @(42000, 30000, 43000)
            $misses.Cost | Should -Be @([decimal]'0.1449', [decimal]'0.1725', [decimal]'0.14835')
            $misses.OneHourCacheSaving | Should -Be @([decimal]'0.0504', 0, 0)
            $misses[0].Gap | Should -Be ([timespan]'00:07:00')
            $misses[0].CacheLifetime | Should -Be ([timespan]'00:05:00')
            $misses[1].PreviousModel | Should -Be 'claude-sonnet-4-5-20250929'
            $misses[1].Model | Should -Be 'claude-opus-4-5-20251101'
        }

        It 'never compares the parent with its subagent' {
            $misses.IsSidechain | Should -Not -Contain $true
            $misses.File | Should -Not -Match 'subagents'
        }

        It 'writes Cause as its name in JSON' {
            $json = $misses[0] | ConvertTo-Json -Compress

            $json | Should -Match '"Cause":"IdleGap"'
            $json | Should -Match '"Cost":0\.1449'
        }

        It 'keeps the causes asked for with -Cause' {
            @(Find-ClaudeCacheMiss @common -Cause IdleGap).Count | Should -Be 2
            @(Find-ClaudeCacheMiss @common -Cause PrefixChanged).Count | Should -Be 0
        }

        It 'reports the misses of the models named with -Model, comparing them with requests of any model' {
            $opus = @(Find-ClaudeCacheMiss @common -Model 'claude-opus*')

            $opus.Count | Should -Be 1
            $opus[0].Cause | Should -Be 'ModelChanged'
        }

        It 'compares the first request after -Since with the one before it' {
            # From 10:00: the model change at 10:01 and r4 at 11:09, compared with r3 at 09:09.
            $later = @(Find-ClaudeCacheMiss @common -Since '2026-11-20 10:00')

            $later.Time | Should -Be @([datetimeoffset]'2026-11-20T10:01:00Z', [datetimeoffset]'2026-11-20T11:09:00Z')
            $later[1].PrefixTokens | Should -Be 43000
        }

        It 'shows time, project, cause, gap, prefix, cost and saving in its default view' {
            $text = Find-ClaudeCacheMiss @common | Out-String -Width 250

            $text | Should -Match 'Time\s+Project\s+Cause\s+Gap\s+Prefix\s+Cost\s+1hSaving'
            $text | Should -Match '2026-11-20 09:09\s+demo\s+IdleGap\s+7m 00s\s+42,000\s+0\.14\s+0\.05'
            $text | Should -Match '2026-11-20 11:09\s+demo\s+IdleGap\s+2h 00m\s+43,000\s+0\.15\s+0\.00'
        }
    }

    Context 'Through the ledger, reading the transcripts active in the range whole' {
        BeforeAll {
            $script:Scratch = Enter-ScratchHome -ClaudeFolder ''
            $script:Root = $script:Scratch.Root
            $null = Write-CacheMissFixture -Root $script:Root
            $null = Write-LogFile $script:Root 'projects/-home-user-work-demo/old.jsonl' @(
                (New-CachedLine -Timestamp '2026-10-20T09:00:00.000Z' -MessageId o1 -Write5m 30000 -SessionId old)
            )
            $null = Update-ClaudeUsageLedger
        }

        AfterAll {
            Exit-ScratchHome $script:Scratch
        }

        It 'finds the misses a read of all the logs finds, from the rows of the active transcripts only' {
            # From 10:00: idle.jsonl (4 requests, r4 at 11:09) and s2.jsonl (2, the change at 10:01) have requests
            # in range and are read whole, 6 rows; the subagent's (09:01) and old.jsonl (October) are not.
            $range = @{ Since = '2026-11-20 10:00'; TimeZone = 'UTC'; At = '2026-11-21 00:00' }
            $ledger = Find-ClaudeCacheMiss @range -Verbose 4>&1
            $logs = @(Find-ClaudeCacheMiss @range -LogsOnly)

            $misses = @($ledger | Where-Object { $_ -is [ClaudeUsage.CacheMiss] })
            $misses.Time | Should -Be @([datetimeoffset]'2026-11-20T10:01:00Z', [datetimeoffset]'2026-11-20T11:09:00Z')
            $misses[1].PrefixTokens | Should -Be 43000
            ($misses | ConvertTo-Json -Depth 3) | Should -BeExactly ($logs | ConvertTo-Json -Depth 3)
            (($ledger | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n") | Should -Match 'The ledger holds 6 counted response\(s\) in range'
        }
    }

    Context 'Summaries' {
        It 'says in one object what the misses and the idle gaps cost and what a 1-hour cache would have saved' {
            $total = Find-ClaudeCacheMiss @common -Summary

            $total.PSObject.TypeNames[0] | Should -Be 'ClaudeUsage.CacheMissSummary'
            $total.Group | Should -Be 'Total'
            $total.Requests | Should -Be 8
            $total.Misses | Should -Be 3
            $total.IdleGapMisses | Should -Be 2
            $total.ModelChangedMisses | Should -Be 1
            $total.MissCost | Should -Be ([decimal]'0.46575')
            $total.IdleGapCost | Should -Be ([decimal]'0.29325')
            $total.OneHourCacheSaving | Should -Be ([decimal]'0.0504')
        }

        It 'sums per session with -GroupBy, which implies -Summary, and the sessions bind to Get-ClaudeSession' {
            $sessions = @(Find-ClaudeCacheMiss @common -GroupBy Session)
            $piped = @($sessions | Get-ClaudeSession -Path $fixture -TimeZone UTC)

            $sessions.SessionId | Should -Be @('idle', 's2')
            $sessions.MissCost | Should -Be @([decimal]'0.29325', [decimal]'0.1725')
            $piped.SessionId | Sort-Object | Should -Be @('idle', 's2')
        }

        It 'shows the group, the misses, their costs and the hit rate in its default view' {
            $text = Find-ClaudeCacheMiss @common -Summary | Out-String -Width 250

            $text | Should -Match 'Group\s+Misses\s+IdleGap\s+MissCost\s+IdleGapCost\s+OneHourSaving\s+HitRate'
            $text | Should -Match 'Total\s+3\s+2\s+0\.47\s+0\.29\s+0\.05\s+\d+\.\d%'
        }
    }

    Context 'Piping' {
        It 'a miss binds its SessionId to the reading cmdlets and its Model to Get-ClaudeModelPrice' {
            $miss = Find-ClaudeCacheMiss @common -Cause ModelChanged

            @($miss | Get-ClaudeUsageRecord -Path $fixture -TimeZone UTC).Count | Should -Be 2
            ($miss | Get-ClaudeModelPrice).CacheWrite5mPrice | Should -Be 6.25
        }
    }

    Context 'Through the usage ledger' {
        BeforeAll {
            $saved = @{}
            foreach ($name in 'CLAUDE_CONFIG_DIR', 'PI_CODING_AGENT_DIR', 'OPENCLAW_STATE_DIR', 'CLAWDBOT_STATE_DIR', 'CLAUDEUSAGE_DATA_DIR') {
                $saved[$name] = [Environment]::GetEnvironmentVariable($name)
            }

            $root = New-TestFolder
            $env:CLAUDE_CONFIG_DIR = Join-Path $root 'claude'
            $env:PI_CODING_AGENT_DIR = Join-Path $root 'pi'
            $env:OPENCLAW_STATE_DIR = Join-Path $root 'openclaw'
            $env:CLAWDBOT_STATE_DIR = Join-Path $root 'clawdbot'
            $env:CLAUDEUSAGE_DATA_DIR = Join-Path $root 'data'
            $transcripts = Write-CacheMissFixture -Root $env:CLAUDE_CONFIG_DIR
        }

        AfterAll {
            foreach ($name in $saved.Keys) {
                [Environment]::SetEnvironmentVariable($name, $saved[$name])
            }

            Remove-Item -LiteralPath $root -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'finds the same misses in the ledger after the transcripts are gone' {
            $before = @(Find-ClaudeCacheMiss -Period AllTime -TimeZone UTC)
            Remove-Item -LiteralPath $transcripts
            $after = @(Find-ClaudeCacheMiss -Period AllTime -TimeZone UTC)

            $before.Count | Should -Be 3
            $after.Cost | Should -Be $before.Cost
            $after.File | Should -Be $before.File
            # With no transcript left on disk, -LiveOnly has nothing to count (and warns that it found no logs).
            @(Find-ClaudeCacheMiss -Period AllTime -TimeZone UTC -LiveOnly -WarningAction SilentlyContinue).Count | Should -Be 0
        }
    }

    Context 'Errors' {
        It 'stops with RecordedCostNotSupported on -CostMode Recorded' {
            $e = { Find-ClaudeCacheMiss @common -CostMode Recorded } |
                Should -Throw -ErrorId 'RecordedCostNotSupported,ClaudeUsage.Commands.FindClaudeCacheMissCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops with InvalidTimeZone on an unknown zone' {
            { Find-ClaudeCacheMiss -Path $fixture -TimeZone 'Mars/Olympus' } |
                Should -Throw -ErrorId 'InvalidTimeZone,ClaudeUsage.Commands.FindClaudeCacheMissCommand'
        }
    }

    Context 'Read-only' {
        It 'has no -WhatIf, because it never writes' {
            (Get-Command Find-ClaudeCacheMiss).Parameters.ContainsKey('WhatIf') | Should -BeFalse
        }
    }
}
