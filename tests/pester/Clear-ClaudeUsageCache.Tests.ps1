#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')

    # Every test gets its own cache folder through CLAUDEUSAGE_CACHE_DIR, so the user's cache is never touched.
    $script:SavedCacheDir = $env:CLAUDEUSAGE_CACHE_DIR
    $script:Logs = New-TestFolder
    # 1,000 in + 400 out (msg_A) + 5 in + 50 out (msg_B) = 1,455 tokens.
    $null = Write-LogFile -Root $script:Logs -RelativePath 'projects/-home-user-work-demo/s1.jsonl' -Line @(
        New-ClaudeAssistantLine -Timestamp '2026-11-20T09:00:05.000Z' -MessageId 'msg_A' -InputTokens 1000 -OutputTokens 400
        New-ClaudeAssistantLine -Timestamp '2026-11-20T10:00:00.000Z' -MessageId 'msg_B' -InputTokens 5 -OutputTokens 50
    )
}

AfterAll {
    $env:CLAUDEUSAGE_CACHE_DIR = $script:SavedCacheDir
    Remove-Item -LiteralPath $script:Logs -Recurse -Force
}

Describe 'Clear-ClaudeUsageCache' {
    BeforeEach {
        $script:Cache = New-TestFolder
        $env:CLAUDEUSAGE_CACHE_DIR = $script:Cache
    }

    AfterEach {
        Remove-Item -LiteralPath $script:Cache -Recurse -Force -ErrorAction SilentlyContinue
    }

    Context 'The cache the reading cmdlets keep' {
        It 'is written by a normal run and left alone by -NoCache, with the same totals' {
            (Get-ClaudeUsage -Path $script:Logs -GroupBy Total -NoCache).TotalTokens | Should -Be 1455
            Get-ChildItem -LiteralPath $script:Cache | Should -BeNullOrEmpty

            (Get-ClaudeUsage -Path $script:Logs -GroupBy Total).TotalTokens | Should -Be 1455
            @(Get-ChildItem -LiteralPath $script:Cache -Filter 'usage-*.bin').Count | Should -Be 1

            (Get-ClaudeUsage -Path $script:Logs -GroupBy Total).TotalTokens | Should -Be 1455
        }

        It 'is complete when a pipeline stops after the first row' {
            # The cache is written alongside the report; Select-Object -First stops the command early.
            $first = Get-ClaudeUsage -Path $script:Logs -GroupBy Day | Select-Object -First 1
            $first.TotalTokens | Should -Be 1455
            @(Get-ChildItem -LiteralPath $script:Cache -Filter 'usage-*.tmp').Count | Should -Be 0

            $verbose = Get-ClaudeUsage -Path $script:Logs -GroupBy Total -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            @($verbose.Message -match '^Loaded the usage cache: 1 file\(s\)').Count | Should -Be 1 -Because 'the first run finished writing the cache'
        }
    }

    Context 'Deleting' {
        It 'deletes nothing with -WhatIf' {
            $null = Get-ClaudeUsage -Path $script:Logs -GroupBy Total

            Clear-ClaudeUsageCache -WhatIf

            @(Get-ChildItem -LiteralPath $script:Cache -Filter 'usage-*.bin').Count | Should -Be 1
        }

        It 'deletes the cache and returns nothing without -PassThru' {
            $null = Get-ClaudeUsage -Path $script:Logs -GroupBy Total

            Clear-ClaudeUsageCache | Should -BeNullOrEmpty

            Get-ChildItem -LiteralPath $script:Cache | Should -BeNullOrEmpty
        }

        It 'returns a FileInfo for each file deleted with -PassThru' {
            $null = Get-ClaudeUsage -Path $script:Logs -GroupBy Total
            $expected = (Get-ChildItem -LiteralPath $script:Cache -Filter 'usage-*.bin').Name

            $deleted = @(Clear-ClaudeUsageCache -PassThru)

            $deleted.Count | Should -Be 1
            $deleted[0] | Should -BeOfType System.IO.FileInfo
            $deleted[0].Name | Should -Be $expected
            $deleted[0].Exists | Should -BeFalse
        }

        It 'does nothing, without error, when there is no cache' {
            Clear-ClaudeUsageCache -PassThru -ErrorVariable errors | Should -BeNullOrEmpty
            $errors | Should -BeNullOrEmpty
        }

        It 'leaves files in the cache folder that are not its own' {
            Set-Content -LiteralPath (Join-Path $script:Cache 'notes.txt') -Value 'mine'
            $null = Get-ClaudeUsage -Path $script:Logs -GroupBy Total

            Clear-ClaudeUsageCache

            (Get-ChildItem -LiteralPath $script:Cache).Name | Should -Be 'notes.txt'
        }
    }
}
