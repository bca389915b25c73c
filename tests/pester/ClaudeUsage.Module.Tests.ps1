#Requires -Modules @{ ModuleName = 'Pester'; ModuleVersion = '5.0' }

BeforeAll {
    . (Join-Path $PSScriptRoot 'common.ps1')
    $cmdlets = @((Get-Module ClaudeUsage).ExportedCmdlets.Keys)
}

Describe 'The ClaudeUsage module' {
    It 'has a valid manifest with the gallery metadata' {
        $manifest = Test-ModuleManifest -Path $StagedManifest

        $manifest.Description | Should -Not -BeNullOrEmpty
        $manifest.CompatiblePSEditions | Should -Be 'Core'
        $manifest.Tags | Should -Contain 'PSEdition_Core'
        $manifest.ReleaseNotes | Should -Not -BeNullOrEmpty
    }

    It 'gives every cmdlet full help with examples' {
        foreach ($name in $cmdlets) {
            $help = Get-Help $name -Full

            $help.Synopsis | Should -Not -Match "^\s*$name \[" -Because "$name needs its MAML synopsis, not one made from its syntax"
            @($help.examples.example).Count | Should -BeGreaterOrEqual 3 -Because "$name needs examples"
            @($help.parameters.parameter).Count | Should -BeGreaterThan 0
        }
    }

    It 'has an about topic' {
        Get-Help about_ClaudeUsage | Out-String -Width 250 | Should -Match 'SHORT DESCRIPTION'
    }
}
