#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
}

Describe 'Get-ClaudeModelPrice' {
    Context 'Default view' {
        It 'shows the price view''s headers and the built-in table' {
            $text = Get-ClaudeModelPrice | Out-String -Width 250

            $text | Should -Match 'Model\s+Input\s+Output\s+CacheWrite5m\s+CacheWrite1h\s+CacheRead\s+LongContextAbove\s+PriceSource'
            $text | Should -Match 'claude-sonnet-4-5\s+3\.00\s+15\.00\s+3\.75\s+6\.00\s+0\.30\s+200,000\s+Built-in'
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
            (Get-ClaudeModelPrice -Model 'claude-opus-4*').Model | Should -Contain 'claude-opus-4-1'
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
    }
}
