using Microsoft.Playwright;

namespace EntryExit.EndToEnd.Tests;

/// <summary>
/// Debian's Chromium (<c>/usr/bin/chromium</c>, installed by <c>./dev</c>) driven by Playwright: headless, as root, with
/// none of the background connections that this machine's closed network refuses. Playwright's own browser download
/// is never used.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        File.Exists(ExecutablePath).Should().BeTrue($"{ExecutablePath} comes from Debian's chromium package, which ./dev installs");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync",
            ],
        });
    }

    /// <summary>
    /// A phone: 390×844, touch, Chinese locale, and a client address of its own (the look-up limit counts per address).
    /// </summary>
    public async Task<IPage> NewPhonePageAsync(string clientAddress)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
            Locale = "zh-CN",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["X-Forwarded-For"] = clientAddress },
        });
        // Generous: the machine is shared and slow at times; every wait below is for a condition, not a delay.
        context.SetDefaultTimeout(60_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
