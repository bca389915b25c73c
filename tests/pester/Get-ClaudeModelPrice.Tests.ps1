#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Get-ClaudeModelPrice' {
    Context 'Default view' {
        It 'shows the price view''s headers and the built-in table' {
            $text = Get-ClaudeModelPrice | Out-String -Width 250

            $text | Should -Match 'Model\s+Effective\s+Input\s+Output\s+Write5m\s+Write1h\s+Read\s+Fast\s+LongCtx'
            $text | Should -Match 'claude-sonnet-4-5\s+always\s+3\.00\s+15\.00\s+3\.75\s+6\.00\s+0\.30\s+200,000'
            $text | Should -Match 'claude-opus-4-7\s+always\s+5\.00\s+25\.00\s+6\.25\s+10\.00\s+0\.50\s+×6'
        }

        It 'fits 80 columns' {
            $lines = (Get-ClaudeModelPrice | Out-String -Width 250) -split "`n" | ForEach-Object { $_.TrimEnd() }
            ($lines | Measure-Object -Property Length -Maximum).Maximum | Should -BeLessOrEqual 80
        }
    }

    Context 'Price periods' {
        It 'shows the price in effect at -At, and every period with -All' {
            # Sonnet 5.5's cache reads: $0.20 until 2026-10-07 (UTC), $0.10 from then.
            (Get-ClaudeModelPrice claude-sonnet-5-5 -At '2026-10-06T23:59:59').CacheReadPrice | Should -Be 0.2
            (Get-ClaudeModelPrice claude-sonnet-5-5 -At '2026-10-07').CacheReadPrice | Should -Be 0.1
            $all = Get-ClaudeModelPrice claude-sonnet-5-5 -All
            $all.CacheReadPrice | Should -Be @(0.2, 0.1)
            $all[0].EffectiveUntil | Should -Be ([DateTimeOffset]'2026-10-07T00:00:00Z')
        }

        It 'prices Opus 5.5 cache reads at a twentieth of input' {
            $price = Get-ClaudeModelPrice claude-opus-5-5
            $price.CacheReadPrice | Should -Be 0.2
            $price.FastMultiplier | Should -Be 2
            $price.InferenceGeoMultipliers['us'] | Should -Be 1.1
            $price.Source | Should -Match 'opus-5-5/overview'
        }
    }

    Context 'Lookup' {
        It 'finds a price through provider prefixes and version spellings' {
            $price = Get-ClaudeModelPrice -Model 'anthropic/claude-haiku-4.5'

            $price.Model | Should -Be 'claude-haiku-4-5'
            $price.InputPrice | Should -Be 1
            $price.OutputPrice | Should -Be 5
        }

        It 'lists every model a wildcard matches' {
            (Get-ClaudeModelPrice -Model 'claude-opus-4*').Model | Should -Be @('claude-opus-4-8', 'claude-opus-4-7', 'claude-opus-4-6', 'claude-opus-4-5', 'claude-opus-4-1', 'claude-opus-4')
        }
    }

    Context 'Pipeline binding' {
        It 'takes model names by value and objects by their Model property' {
            ('claude-haiku-4-5' | Get-ClaudeModelPrice).InputPrice | Should -Be 1
            ([pscustomobject]@{ Model = 'claude-opus-4-5-20251101' } | Get-ClaudeModelPrice).InputPrice | Should -Be 5
        }
    }

    Context 'Price files' {
        It 'fills in the cache prices a file leaves out with Anthropic''s multipliers' {
            $dir = New-TestFolder
            try {
                $prices = Join-Path $dir 'prices.json'
                Set-Content -LiteralPath $prices -Value '{ "models": [ { "model": "my-model", "input": 1.0, "output": 4.0 } ] }'

                $price = Get-ClaudeModelPrice -Model 'my-model' -PricingPath $prices

                # 1.25 x, 2 x and 0.1 x the $1 input price.
                $price.CacheWrite5mPrice | Should -Be 1.25
                $price.CacheWrite1hPrice | Should -Be 2
                $price.CacheReadPrice | Should -Be 0.1
                $price.PriceSource | Should -Be $prices
            }
            finally {
                Remove-Item -LiteralPath $dir -Recurse -Force
            }
        }
    }

    Context 'Errors' {
        It 'reports an unknown model as a non-terminating ModelPriceNotFound error' {
            $found = Get-ClaudeModelPrice -Model 'no-such-model', 'claude-haiku-4-5' -ErrorVariable err -ErrorAction SilentlyContinue

            $found.Model | Should -Be 'claude-haiku-4-5'
            $err[0].FullyQualifiedErrorId | Should -Be 'ModelPriceNotFound,ClaudeUsage.Commands.GetClaudeModelPriceCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }

        It 'rejects a price file with a negative price, naming the field' {
            $dir = New-TestFolder
            try {
                $prices = Join-Path $dir 'prices.json'
                Set-Content -LiteralPath $prices -Value '{ "models": [ { "model": "m", "periods": [ { "input": -1, "output": 4 } ] } ] }'

                { Get-ClaudeModelPrice -PricingPath $prices -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidPriceFile,ClaudeUsage.Commands.GetClaudeModelPriceCommand'
                try { Get-ClaudeModelPrice -PricingPath $prices -ErrorAction Stop } catch { $_.Exception.Message | Should -Match "models\[0\]\.periods\[0\]\.input' must not be negative" }
            }
            finally {
                Remove-Item -LiteralPath $dir -Recurse -Force
            }
        }
    }
}
