#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }
# The fixture is New-TwoSessionFixture (common.ps1), exported as of Saturday 2026-11-21 12:00 UTC with seven
# days of history and a $1 monthly budget:
#   s1 (demo) on Friday the 20th: 3 requests, 3,850 tokens, $0.02625; s2 (other) on the 21st at 12:00: 10,000 tokens, $0.05.
#   Today $0.05 (1 request); this week and this month $0.07625 (4 requests, 13,850 tokens, 2 sessions).
#   The budget: $0.07625 of $1 = 7.625 %, Ok. Daily history: the 15th to the 21st, only the last two with usage.

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $fixture = New-TwoSessionFixture
    $at = @{ TimeZone = 'UTC'; At = '2026-11-21 12:00' }
}

AfterAll {
    Remove-Item -LiteralPath $fixture -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Export-ClaudeDashboard' {
    Context 'The files' {
        BeforeAll {
            $out = New-TestFolder
            $written = @(Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Monthly 1 -Days 7 -PassThru)
            $raw = Get-Content -LiteralPath (Join-Path $out 'claude-usage.json') -Raw
            $json = $raw | ConvertFrom-Json
        }

        AfterAll {
            Remove-Item -LiteralPath $out -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'returns the three files with -PassThru, and leaves no temporary file behind' {
            $written | Should -HaveCount 3
            $written[0] | Should -BeOfType [System.IO.FileInfo]
            $written.Name | Should -Be @('claude-usage.json', 'claude-usage.html', 'claude-usage.md')
            (Get-ChildItem -LiteralPath $out -Force).Name | Sort-Object | Should -Be @('claude-usage.html', 'claude-usage.json', 'claude-usage.md')
        }

        It 'writes the JSON of schema version 1 with the three periods' {
            $json.schemaVersion | Should -Be 2
            $json.timeZone | Should -Be 'UTC'
            $json.refreshSeconds | Should -Be 60
            $json.historyDays | Should -Be 7
            $json.periods.today.cost | Should -Be 0.05
            $json.periods.today.requests | Should -Be 1
            $json.periods.thisWeek.cost | Should -Be 0.07625
            $json.periods.thisMonth.requests | Should -Be 4
            $json.periods.thisMonth.sessions | Should -Be 2
            $json.periods.thisMonth.tokens.total | Should -Be 13850
        }

        It 'holds the budget as Test-ClaudeBudget works it out' {
            $json.budgets | Should -HaveCount 1
            $json.budgets[0].period | Should -Be 'Monthly'
            $json.budgets[0].unit | Should -Be 'USD'
            $json.budgets[0].spent | Should -Be 0.07625
            $json.budgets[0].percentUsed | Should -Be 7.625
            $json.budgets[0].status | Should -Be 'Ok'
            [decimal]$json.budgets[0].spent | Should -Be (Test-ClaudeBudget -Path $fixture @at -Monthly 1 -Detailed).Spent
        }

        It 'lists every day of the history, oldest first, empty days included' {
            $json.daily | Should -HaveCount 7
            $raw | Should -Match '"day": "2026-11-15"'
            $json.daily.cost | Should -Be @(0, 0, 0, 0, 0, 0.02625, 0.05)
        }

        It 'ranks this month''s sessions and projects by cost' {
            $json.topSessions.sessionId | Should -Be @('s2', 's1')
            $json.topProjects.project | Should -Be @('other', 'demo')
            $json.modelsThisMonth.model | Should -Be 'claude-opus-4-5-20251101'
            $json.bySource[0].source | Should -Be 'ClaudeCode'
            $json.warnings | Should -HaveCount 0
        }

        It 'writes an HTML page that reloads itself and a Markdown status line' {
            $html = Get-Content -LiteralPath (Join-Path $out 'claude-usage.html') -Raw
            $markdown = Get-Content -LiteralPath (Join-Path $out 'claude-usage.md')

            $html | Should -Match 'data-refresh="60"'
            $html | Should -Match '<title>Agent usage — \$0\.08 this month</title>'
            $markdown[2] | Should -Match 'Ok\*\* — Today \$0\.05 · This week \$0\.08 · This month \$0\.08'
        }
    }

    Context 'Choosing the files' {
        BeforeEach {
            $out = New-TestFolder
        }

        AfterEach {
            Remove-Item -LiteralPath $out -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'writes only the formats asked for, under -Name' {
            Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Format Markdown -Name status

            (Get-ChildItem -LiteralPath $out -Force).Name | Should -Be 'status.md'
            Get-Content -LiteralPath (Join-Path $out 'status.md') -TotalCount 3 | Select-Object -Last 1 | Should -Match 'no budget set'
        }

        It 'sets the page''s reload interval with -RefreshSeconds' {
            Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Format Html -RefreshSeconds 300

            Get-Content -LiteralPath (Join-Path $out 'claude-usage.html') -Raw | Should -Match 'data-refresh="300"'
        }

        It 'replaces the files of an earlier run' {
            Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Format Json -Monthly 1
            Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Format Json -Monthly 0.07

            (Get-Content -LiteralPath (Join-Path $out 'claude-usage.json') -Raw | ConvertFrom-Json).budgets[0].status | Should -Be 'Exceeded'
            @(Get-ChildItem -LiteralPath $out -Force) | Should -HaveCount 1
        }
    }

    Context 'ShouldProcess' {
        BeforeEach {
            $out = New-TestFolder
        }

        AfterEach {
            Remove-Item -LiteralPath $out -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'creates no folder with -WhatIf, and -PassThru returns nothing' {
            $target = Join-Path $out 'new-folder'

            $result = Export-ClaudeDashboard -Path $fixture -OutputDirectory $target @at -WhatIf -PassThru

            $result | Should -BeNullOrEmpty
            Test-Path -LiteralPath $target | Should -BeFalse
        }

        It 'writes no file into an existing folder with -WhatIf' {
            Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -WhatIf

            @(Get-ChildItem -LiteralPath $out -Force) | Should -HaveCount 0
        }

        It 'creates a missing folder' {
            $target = Join-Path $out 'a/b'

            Export-ClaudeDashboard -Path $fixture -OutputDirectory $target @at -Format Json

            Test-Path -LiteralPath (Join-Path $target 'claude-usage.json') | Should -BeTrue
        }
    }

    Context 'Default view' {
        It 'writes nothing to the pipeline without -PassThru' {
            $out = New-TestFolder
            try {
                Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at | Out-String -Width 250 | Should -BeNullOrEmpty
            }
            finally {
                Remove-Item -LiteralPath $out -Recurse -Force
            }
        }

        It 'shows the files written with -PassThru' {
            $out = New-TestFolder
            try {
                $text = Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Format Json, Markdown -PassThru | Out-String -Width 250

                $text | Should -Match 'claude-usage\.json'
                $text | Should -Match 'claude-usage\.md'
            }
            finally {
                Remove-Item -LiteralPath $out -Recurse -Force
            }
        }
    }

    Context 'Errors' {
        BeforeAll {
            $out = New-TestFolder
        }

        AfterAll {
            Remove-Item -LiteralPath $out -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'stops with InvalidFileName on a -Name with a folder in it' {
            $e = { Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Name 'sub/usage' } |
                Should -Throw -ErrorId 'InvalidFileName,ClaudeUsage.Commands.ExportClaudeDashboardCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops with BudgetRangeNotSupported on -Period' {
            $e = { Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Period ThisMonth } |
                Should -Throw -ErrorId 'BudgetRangeNotSupported,ClaudeUsage.Commands.ExportClaudeDashboardCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'InvalidArgument'
        }

        It 'stops with InvalidBudget on a budget that is not above zero' {
            { Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Weekly -1 } |
                Should -Throw -ErrorId 'InvalidBudget,ClaudeUsage.Commands.ExportClaudeDashboardCommand'
        }

        It 'stops with InvalidBudgetThreshold when -WarningAt is above -CriticalAt' {
            { Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Monthly 1 -WarningAt 1.2 } |
                Should -Throw -ErrorId 'InvalidBudgetThreshold,ClaudeUsage.Commands.ExportClaudeDashboardCommand'
        }

        It 'stops with OutputDirectoryUnwritable when a file stands where the folder should be' {
            $blocker = Join-Path $out 'a-file'
            Set-Content -LiteralPath $blocker -Value 'x'
            $target = Join-Path $blocker 'dashboards'

            $e = { Export-ClaudeDashboard -Path $fixture -OutputDirectory $target @at } |
                Should -Throw -ErrorId 'OutputDirectoryUnwritable,ClaudeUsage.Commands.ExportClaudeDashboardCommand' -PassThru

            $e.CategoryInfo.Category | Should -Be 'WriteError'
            $e.Exception.Message | Should -BeLike "*$target*"
        }

        It 'rejects -Days outside 1 to 3660 when binding' {
            { Export-ClaudeDashboard -Path $fixture -OutputDirectory $out @at -Days 0 } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,ClaudeUsage.Commands.ExportClaudeDashboardCommand'
        }
    }
}
