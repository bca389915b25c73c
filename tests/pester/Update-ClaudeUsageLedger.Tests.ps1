#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Update-ClaudeUsageLedger' {
    BeforeEach {
        # The agents' default folders and the data folder all point into one scratch folder per test, so neither the
        # machine's own logs nor the user's ledger are ever read or written.
        $script:Scratch = Enter-ScratchHome
        $script:Ledger = Join-Path $env:CLAUDEUSAGE_DATA_DIR 'ledger.db'
        $projects = Join-Path $env:CLAUDE_CONFIG_DIR 'projects'

        # Two old sessions and a new one. old-1 writes msg_A twice (one line per content block): the larger copy counts.
        # old-1: 1,000 in + 400 out = 1,400; old-2: 200 in + 100 out = 300; new: 10 in + 50 out = 60. All: 1,760 tokens, 3 requests.
        $script:Old1 = Write-LogFile -Root $projects -RelativePath '-home-user-work-demo/old-1.jsonl' -Line @(
            New-ClaudeAssistantLine -Timestamp '2026-10-01T09:00:00.000Z' -MessageId 'msg_A' -InputTokens 1000 -OutputTokens 40 -SessionId 'old-1'
            New-ClaudeAssistantLine -Timestamp '2026-10-01T09:00:01.000Z' -MessageId 'msg_A' -InputTokens 1000 -OutputTokens 400 -SessionId 'old-1'
        )
        $script:Old2 = Write-LogFile -Root $projects -RelativePath '-home-user-work-demo/old-2.jsonl' -Line @(
            New-ClaudeAssistantLine -Timestamp '2026-10-02T09:00:00.000Z' -MessageId 'msg_B' -InputTokens 200 -OutputTokens 100 -SessionId 'old-2'
        )
        $null = Write-LogFile -Root $projects -RelativePath '-home-user-work-demo/new.jsonl' -Line @(
            New-ClaudeAssistantLine -Timestamp '2026-11-25T09:00:00.000Z' -MessageId 'msg_C' -InputTokens 10 -OutputTokens 50 -SessionId 'new'
        )
    }

    AfterEach {
        Exit-ScratchHome -Scratch $script:Scratch
    }

    Context 'Claude Code deletes old transcripts' {
        It 'keeps every response counted after the transcripts are gone; -LiveOnly counts what is left' {
            $update = Update-ClaudeUsageLedger -PassThru
            $update.ResponsesAdded | Should -Be 3
            $update.FilesFound | Should -Be 3
            $update.CountedResponses | Should -Be 3

            # Claude Code's start-up sweep removes the transcripts older than cleanupPeriodDays.
            Remove-Item -LiteralPath $script:Old1, $script:Old2

            $all = Get-ClaudeUsage -Period AllTime -GroupBy Total
            $all.TotalTokens | Should -Be 1760
            $all.Requests | Should -Be 3
            # Smaller by exactly the deleted responses: 1,400 + 300 tokens and 2 requests.
            $live = Get-ClaudeUsage -Period AllTime -GroupBy Total -LiveOnly
            $live.TotalTokens | Should -Be 60
            $live.Requests | Should -Be 1

            $sessions = Get-ClaudeSession -Period AllTime
            ($sessions | Where-Object LogDeleted).SessionId | Sort-Object | Should -Be @('old-1', 'old-2')
            ($sessions | Where-Object SessionId -EQ 'new').LogDeleted | Should -BeFalse
        }

        It 'reads only what is new on the next run' {
            # Files written in the last seconds are checked by content again (a change could keep their size and
            # time); these were written an hour ago.
            Get-ChildItem -LiteralPath $env:CLAUDE_CONFIG_DIR -Recurse -File | ForEach-Object { $_.LastWriteTimeUtc = [datetime]::UtcNow.AddHours(-1) }
            $null = Update-ClaudeUsageLedger
            $again = Update-ClaudeUsageLedger -PassThru
            $again.FilesUnchanged | Should -Be 3
            $again.ResponsesAdded | Should -Be 0
        }
    }

    Context 'What if, and the files it never touches' {
        It 'creates no ledger with -WhatIf and says what it would record' {
            $whatIf = Update-ClaudeUsageLedger -WhatIf -PassThru
            $whatIf.WhatIf | Should -BeTrue
            # One copy per response: old-1's two lines of msg_A are one response, its larger copy kept.
            $whatIf.CopiesRead | Should -Be 3
            Test-Path -LiteralPath $script:Ledger | Should -BeFalse
        }

        It 'is left alone by Clear-ClaudeUsageCache' {
            $null = Update-ClaudeUsageLedger
            Clear-ClaudeUsageCache
            Test-Path -LiteralPath $script:Ledger | Should -BeTrue
        }
    }

    Context 'A ledger it cannot use' {
        It 'refuses a damaged ledger with LedgerDamaged, naming the file, and leaves it as it is' {
            $null = New-Item -ItemType Directory -Force -Path $env:CLAUDEUSAGE_DATA_DIR
            Set-Content -LiteralPath $script:Ledger -Value ('x' * 5000) -NoNewline
            $before = Get-FileHash -LiteralPath $script:Ledger

            { Get-ClaudeUsage -Period AllTime -ErrorAction Stop } | Should -Throw -ErrorId 'LedgerDamaged,ClaudeUsage.Commands.GetClaudeUsageCommand'
            try { Get-ClaudeUsage -Period AllTime -ErrorAction Stop } catch { $_.Exception.Message | Should -BeLike "*$($script:Ledger)*Update-ClaudeUsageLedger*" }
            (Get-FileHash -LiteralPath $script:Ledger).Hash | Should -Be $before.Hash
        }

        It 'reads the logs alone with -LogsOnly, as -NoCache still does' {
            $null = New-Item -ItemType Directory -Force -Path $env:CLAUDEUSAGE_DATA_DIR
            Set-Content -LiteralPath $script:Ledger -Value ('x' * 5000) -NoNewline

            (Get-ClaudeUsage -Period AllTime -GroupBy Total -LogsOnly).TotalTokens | Should -Be 1760
            (Get-ClaudeUsage -Period AllTime -GroupBy Total -NoCache).TotalTokens | Should -Be 1760
        }
    }

    Context 'Skills and plugins' {
        It 'groups by the skill and plugin that caused responses, after their transcript is gone' {
            # msg_S1 (skill pdf) 500 in + 20 out; msg_S2 (skill pdf, plugin acme) 300 in + 10 out. The three files of
            # BeforeEach have neither: 1,760 tokens under (none).
            $lines = foreach ($m in @(@('msg_S1', 500, 20, $null), @('msg_S2', 300, 10, 'acme'))) {
                $line = New-ClaudeAssistantLine -Timestamp '2026-11-26T09:00:00.000Z' -MessageId $m[0] -InputTokens $m[1] -OutputTokens $m[2] -SessionId 'skilled' | ConvertFrom-Json
                $line | Add-Member -NotePropertyName attributionSkill -NotePropertyValue 'pdf'
                if ($m[3]) { $line | Add-Member -NotePropertyName attributionPlugin -NotePropertyValue $m[3] }
                $line | ConvertTo-Json -Compress -Depth 20
            }
            $skilled = Write-LogFile -Root (Join-Path $env:CLAUDE_CONFIG_DIR 'projects') -RelativePath '-home-user-work-demo/skilled.jsonl' -Line $lines
            $null = Update-ClaudeUsageLedger
            Remove-Item -LiteralPath $skilled

            $bySkill = Get-ClaudeUsage -Period AllTime -GroupBy Skill
            ($bySkill | Where-Object Skill -EQ 'pdf').TotalTokens | Should -Be 830
            ($bySkill | Where-Object Skill -EQ '(none)').TotalTokens | Should -Be 1760
            $byPlugin = Get-ClaudeUsage -Period AllTime -GroupBy Plugin
            ($byPlugin | Where-Object Plugin -EQ 'acme').Requests | Should -Be 1
            ($byPlugin | Where-Object Plugin -EQ '(none)').TotalTokens | Should -Be (1760 + 520)
            ($bySkill | Out-String -Width 80) | Should -Match 'Skill\s+Requests\s+TotalTokens\s+Cost'
        }
    }

    Context 'Subagents and MCP servers' {
        It 'groups and filters by the subagent and the MCP servers of responses, read in two runs, after their transcripts are gone' {
            # msg_M is streamed as two lines: the first calls the github server (600 in + 10 out), the second, read in
            # a later run, is the larger copy (600 in + 30 out) and calls nothing; msg_M counts 630 tokens and called
            # github. msg_X (300 in + 20 out) is made by subagent x1, an Explore agent by the sidecar beside its
            # transcript. On Opus 4.5 ($5 in, $25 out): msg_M costs 3,000 + 750 = $0.00375, msg_X 1,500 + 500 = $0.002.
            $projects = Join-Path $env:CLAUDE_CONFIG_DIR 'projects'
            $call = New-ClaudeAssistantLine -Timestamp '2026-11-26T09:00:00.000Z' -MessageId 'msg_M' -InputTokens 600 -OutputTokens 10 -SessionId 'mcp' | ConvertFrom-Json
            $call.message.content = @([ordered]@{ type = 'tool_use'; id = 'toolu_1'; name = 'mcp__github__create_issue'; input = @{ title = 'x' } })
            $main = Write-LogFile -Root $projects -RelativePath '-home-user-work-demo/mcp.jsonl' -Line ($call | ConvertTo-Json -Compress -Depth 20)
            $sub = New-ClaudeAssistantLine -Timestamp '2026-11-26T09:05:00.000Z' -MessageId 'msg_X' -InputTokens 300 -OutputTokens 20 -SessionId 'mcp' -Sidechain | ConvertFrom-Json
            $sub | Add-Member -NotePropertyName agentId -NotePropertyValue 'x1'
            $agent = Write-LogFile -Root $projects -RelativePath '-home-user-work-demo/mcp/subagents/agent-x1.jsonl' -Line ($sub | ConvertTo-Json -Compress -Depth 20)
            Set-Content -LiteralPath (Join-Path (Split-Path $agent) 'agent-x1.meta.json') -Value '{"agentType":"Explore","description":"Look around"}'
            $null = Update-ClaudeUsageLedger
            Add-Content -LiteralPath $main -Value (New-ClaudeAssistantLine -Timestamp '2026-11-26T09:00:01.000Z' -MessageId 'msg_M' -InputTokens 600 -OutputTokens 30 -SessionId 'mcp')
            $null = Update-ClaudeUsageLedger
            Remove-Item -LiteralPath $main, $agent

            $bySubagent = Get-ClaudeUsage -Period AllTime -GroupBy Subagent
            ($bySubagent | Where-Object Subagent -EQ 'Explore').TotalTokens | Should -Be 320
            ($bySubagent | Where-Object Subagent -EQ '(none)').TotalTokens | Should -Be (1760 + 630)
            $byServer = Get-ClaudeUsage -Period AllTime -GroupBy McpServer
            ($byServer | Where-Object McpServer -EQ 'github').TotalTokens | Should -Be 630
            ($byServer | Where-Object McpServer -EQ '(none)').TotalTokens | Should -Be (1760 + 320)
            ($bySubagent | Out-String -Width 80) | Should -Match 'Subagent\s+Requests\s+TotalTokens\s+Cost'

            (Get-ClaudeUsage -Period AllTime -GroupBy Total -McpServer 'git*').Cost | Should -Be 0.00375
            (Get-ClaudeUsage -Period AllTime -GroupBy Total -Subagent Explore).Cost | Should -Be 0.002
            (Get-ClaudeUsage -Period AllTime -GroupBy Total -Subagent '(none)' -McpServer '(none)').TotalTokens | Should -Be 1760
            $records = @($bySubagent | Where-Object Subagent -EQ 'Explore' | Get-ClaudeUsageRecord -Period AllTime)
            $records.MessageId | Should -Be 'msg_X'
            $records.McpServer | Should -BeNullOrEmpty
        }
    }
}
