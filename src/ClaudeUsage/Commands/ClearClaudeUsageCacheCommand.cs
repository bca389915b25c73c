using System.Management.Automation;
using ClaudeUsage.Core.Caching;
using ClaudeUsage.Core.Discovery;
using ClaudeUsage.Internal;

namespace ClaudeUsage.Commands;

/// <summary>
/// <para type="synopsis">Deletes the usage cache, so the next command reads every log file in full.</para>
/// <para type="description">The cache lives in the user's cache folder (CLAUDEUSAGE_CACHE_DIR, else %LOCALAPPDATA%\ClaudeUsage, ~/Library/Caches/ClaudeUsage or $XDG_CACHE_HOME/ClaudeUsage). The logs themselves are never touched.</para>
/// </summary>
[Cmdlet(VerbsCommon.Clear, "ClaudeUsageCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(FileInfo))]
public sealed class ClearClaudeUsageCacheCommand : PSCmdlet
{
    /// <summary>Emit the cache files deleted, as FileInfo objects (they no longer exist).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void EndProcessing()
    {
        ScanCache cache = ScanCache.ForUser(UserEnvironment.Current);
        int files = cache.Files().Count();
        if (files == 0)
        {
            WriteVerbose($"There is no usage cache in '{cache.Folder}'.");
            return;
        }

        if (ShouldProcess(cache.Folder, $"Delete {files} usage cache file(s)"))
        {
            List<string> deleted = cache.Clear((file, ex) => WriteError(new ErrorRecord(
                new IOException($"Cannot delete the usage cache file '{file}': {ex.Message}", ex),
                ErrorIds.CacheFileNotDeleted,
                ErrorCategory.WriteError,
                file)));
            WriteVerbose($"Deleted {deleted.Count} usage cache file(s) from '{cache.Folder}'.");
            if (PassThru)
            {
                foreach (string file in deleted)
                {
                    WriteObject(new FileInfo(file));
                }
            }
        }
    }
}
