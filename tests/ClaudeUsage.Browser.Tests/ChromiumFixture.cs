using Microsoft.Playwright;

namespace ClaudeUsage.Tests;

/// <summary>One headless Chromium for the test class, launched the way this machine allows: no sandbox as root,
/// no background networking (the network is closed), a fresh profile.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser? Browser { get; private set; }

    /// <summary>Why there is no browser, when there is none.</summary>
    public string? Missing { get; private set; }

    public static string ExecutablePath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } p ? p : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Missing = $"No Chromium at {ExecutablePath} (apt-get install chromium, or set CHROMIUM_PATH).";
            return;
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }

    /// <summary>Skips the test when no browser is installed, except under CI, where a missing browser is a failure.</summary>
    public IBrowser Require()
    {
        if (Browser is not null)
        {
            return Browser;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(Missing);
        }

        throw new SkipException(Missing);
    }
}
