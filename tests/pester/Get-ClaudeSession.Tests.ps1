#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# Expected values are worked by hand in New-TwoSessionFixture (common.ps1).

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fixture = New-TwoSessionFixture
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Get-ClaudeSession' {
    Context 'Default view' {
        It 'shows the session view''s headers and one line per session' {
            $text = Get-ClaudeSession -Path $fixture -TimeZone UTC | Out-String -Width 250

            $text | Should -Match 'LastActivity\s+Project\s+SessionId\s+Requests\s+TotalTokens\s+Cost'
            $text | Should -Match 'demo\s+s1\s+3\s+3,850\s+0\.03'
            $text | Should -Match 'other\s+s2\s+1\s+10,000\s+0\.05'
        }

        It 'shows the source and each token kind in the Tokens view' {
            $text = Get-ClaudeSession -Path $fixture -TimeZone UTC | Format-Table -View Tokens | Out-String -Width 250

            $text | Should -Match 'LastActivity\s+Source\s+Project\s+SessionId\s+Requests\s+Input\s+Output\s+CacheWrite\s+CacheRead\s+TotalTokens\s+Cost'
            $text | Should -Match 'ClaudeCode\s+demo\s+s1\s+3\s+3,500\s+350\s+0\s+0\s+3,850\s+0\.03'
        }
    }

    Context 'Values' {
        It 'counts a subagent transcript toward its parent session' {
            $s1 = Get-ClaudeSession -Path $fixture -TimeZone UTC | Where-Object SessionId -EQ 's1'

            $s1.Project | Should -Be 'demo'
            $s1.ProjectPath | Should -Be '/home/user/work/demo'
            $s1.ProjectSlug | Should -Be '-home-user-work-demo'
            $s1.Requests | Should -Be 3
            $s1.InputTokens | Should -Be 3500
            $s1.OutputTokens | Should -Be 350
            $s1.Cost | Should -Be ([decimal]'0.02625')
            $s1.Duration | Should -Be ([timespan]::FromMinutes(30))
            @($s1.FilePath).Count | Should -Be 2
        }
    }

    Context 'Pipeline binding' {
        It 'reads the files Get-ChildItem passes on' {
            $sessions = @(Get-ChildItem -LiteralPath (Join-Path $fixture 'projects/-home-user-work-other') -Filter *.jsonl | Get-ClaudeSession)

            $sessions.Count | Should -Be 1
            $sessions[0].SessionId | Should -Be 's2'
        }

        It 'passes its sessions on to Get-ClaudeUsageRecord' {
            $records = @(Get-ClaudeSession -Path $fixture | Where-Object SessionId -EQ 's1' | Get-ClaudeUsageRecord)

            ($records.MessageId -join ',') | Should -Be 'm1,m3,m2'
        }
    }

    Context 'Errors' {
        It 'reports a missing literal path as PathNotFound' {
            $null = Get-ClaudeSession -LiteralPath (Join-Path $fixture 'no[such]folder') -ErrorVariable err -ErrorAction SilentlyContinue

            $err[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,ClaudeUsage.Commands.GetClaudeSessionCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'stops on a price file that is not JSON with InvalidPriceFile' {
            $dir = New-TestFolder
            try {
                $prices = Join-Path $dir 'prices.json'
                Set-Content -LiteralPath $prices -Value 'not json'

                $e = { Get-ClaudeSession -Path $fixture -PricingPath $prices } |
                    Should -Throw -ErrorId 'InvalidPriceFile,ClaudeUsage.Commands.GetClaudeSessionCommand' -PassThru

                $e.CategoryInfo.Category | Should -Be 'InvalidData'
            }
            finally {
                Remove-Item -LiteralPath $dir -Recurse -Force
            }
        }
    }
}
