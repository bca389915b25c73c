#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Expected values are worked by hand in New-TwoSessionFixture (common.ps1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fixture = New-TwoSessionFixture
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-ClaudeUsageRecord' {
    Context 'Default view' {
        It 'shows the record view''s headers' {
            $text = Get-ClaudeUsageRecord -Path $fixture -TimeZone UTC | Out-String -Width 250

            $text | Should -Match 'Timestamp\s+Model\s+TotalTokens\s+Cost\s+SessionId'
            $text | Should -Match '2026-11-20 09:00:00\s+claude-opus-4-5-20251101\s+1,100\s+0\.0075\s+s1'
        }

        It 'shows each token kind in the Tokens view' {
            $text = Get-ClaudeUsageRecord -Path $fixture -TimeZone UTC | Format-Table -View Tokens | Out-String -Width 250

            $text | Should -Match 'Timestamp\s+Model\s+Input\s+Output\s+CacheWrite\s+CacheRead\s+TotalTokens\s+Cost\s+SessionId'
            $text | Should -Match '2026-11-20 09:00:00\s+claude-opus-4-5-20251101\s+1,000\s+100\s+0\s+0\s+1,100\s+0\.0075\s+s1'
        }
    }

    Context 'Values' {
        It 'emits one record per counted response, in time order' {
            $records = @(Get-ClaudeUsageRecord -Path $fixture -SessionId s1 -TimeZone UTC)

            ($records.MessageId -join ',') | Should -Be 'm1,m3,m2'
            # m1: 1,000 x $5 + 100 x $25 = 7,500 per million = $0.0075.
            $records[0].Cost | Should -Be ([decimal]'0.0075')
            $records[0].CostBasis | Should -Be 'Calculated'
            $records[0].LineNumber | Should -Be 1
            $records[0].Timestamp | Should -Be ([datetimeoffset]'2026-11-20T09:00:00Z')
        }

        It 'counts a response written twice while streaming once, with its final output count' {
            $dir = New-TestFolder
            try {
                $null = Write-LogFile $dir 'projects/p/s.jsonl' @(
                    (New-ClaudeAssistantLine -Timestamp '2026-11-20T09:00:05.000Z' -MessageId msg_A -InputTokens 1000 -OutputTokens 40)
                    (New-ClaudeAssistantLine -Timestamp '2026-11-20T09:00:06.000Z' -MessageId msg_A -InputTokens 1000 -OutputTokens 400)
                )

                $records = @(Get-ClaudeUsageRecord -Path $dir)

                $records.Count | Should -Be 1
                $records[0].OutputTokens | Should -Be 400
                $records[0].LineNumber | Should -Be 2
            }
            finally {
                Remove-Item -LiteralPath $dir -Recurse -Force
            }
        }
    }

    Context 'Pipeline binding' {
        It 'binds SessionId from piped objects' {
            $records = @([pscustomobject]@{ SessionId = 's2' } | Get-ClaudeUsageRecord -Path $fixture)

            $records.Count | Should -Be 1
            $records[0].MessageId | Should -Be 'm4'
        }
    }

    Context 'Errors' {
        It 'stops on an unknown time zone with InvalidTimeZone' {
            { Get-ClaudeUsageRecord -Path $fixture -TimeZone 'Nowhere/Special' } |
                Should -Throw -ErrorId 'InvalidTimeZone,ClaudeUsage.Commands.GetClaudeUsageRecordCommand'
        }
    }
}
