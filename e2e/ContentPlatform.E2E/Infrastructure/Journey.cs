using System.Diagnostics;
using System.Text;
using ContentPlatform.Tests.Infrastructure;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ContentPlatform.E2E.Infrastructure;

/// <summary>
/// One user's walk through the site in one browser context. Every page the journey reaches is checked with axe
/// (WCAG 2.1 AA and best practices); at the end the journey fails if any page it visited was never checked, and on any
/// failure it saves a full-page screenshot to the artifacts folder (E2E_ARTIFACTS, default artifacts/e2e). Any
/// Content-Security-Policy violation in any of its tabs (an inline script, a media file from an origin the policy does
/// not name) fails it too: the browser reports them on the console and as securitypolicyviolation events.
/// </summary>
public sealed class Journey : IAsyncDisposable
{
    public static readonly ViewportSize Phone = new() { Width = 360, Height = 740 };
    /// <summary>The phone of the new-user walk-through (issue 20): the phone layout journeys use this one.</summary>
    public static readonly ViewportSize Phone390 = new() { Width = 390, Height = 844 };
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 860 };

    private readonly string _name;
    private readonly HashSet<string> _visited = [];
    private readonly HashSet<string> _checked = [];
    private readonly List<string> _violations = [];

    /// <summary>
    /// Runs before any page script (and is itself exempt from the policy, being added over the DevTools protocol): turns
    /// each violation event into a console error the journey listens for, with the directive and what was blocked.
    /// </summary>
    private const string ViolationListener = """
        document.addEventListener('securitypolicyviolation', e =>
          console.error(`Content Security Policy violation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
        """;

    private Journey(string name, IBrowserContext context, IPage page)
    {
        _name = name;
        Context = context;
        Page = page;
        context.Console += (_, message) =>
        {
            // Chromium's own wording ("Refused to … because it violates the following Content Security Policy directive")
            // and the listener's line above.
            if (message.Type == "error" && message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                lock (_violations)
                {
                    _violations.Add($"{message.Location}: {message.Text}");
                }
            }
        };
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                lock (_visited)
                {
                    _visited.Add(WithoutFragment(frame.Url));
                }
            }
        };
    }

    public IBrowserContext Context { get; }
    public IPage Page { get; }

    public static async Task<Journey> StartAsync(IBrowser browser, string name, string culture, ViewportSize? viewport = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = culture == "nn" ? "nn-NO" : "nb-NO",
            ViewportSize = viewport ?? Desktop,
        });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync(ViolationListener);
        var page = await context.NewPageAsync();
        return new Journey($"{name}-{culture}", context, page);
    }

    /// <summary>Opens a page and checks it.</summary>
    public async Task GotoAsync(Uri url)
    {
        var started = Stopwatch.GetTimestamp();
        await Page.GotoAsync(url.ToString());
        StepTimings.Record(_name, "goto", url.AbsolutePath, started);
        await CheckAccessibilityAsync();
    }

    /// <summary>Runs axe on the current page (or another tab of this journey); any violation fails the journey with the rule and the elements.</summary>
    public async Task CheckAccessibilityAsync(IPage? other = null)
    {
        // Wait until the document itself says it has loaded, asked of the page rather than of Playwright's record of
        // lifecycle events: on CI a caseload tab that had been loaded for a minute (live-updated by fetch, never
        // navigated) lost its recorded "load" state and the event wait timed out. Polled, not per animation frame,
        // because a tab in the background gets no frames. The integration suite runs beside the journeys on two cores,
        // where a load has taken longer than the 15 s step timeout, so this wait gets more room.
        var page = other ?? Page;
        var started = Stopwatch.GetTimestamp();
        await page.WaitForFunctionAsync("() => document.readyState === 'complete'", null,
            new() { PollingInterval = 100, Timeout = 60_000 });
        StepTimings.Record(_name, "loaded", page.Url, started);
        ThrowOnPolicyViolations();
        started = Stopwatch.GetTimestamp();
        // The same axe run (every rule axe runs by default, this document and its frames) as RunAxe, but in the page
        // itself: RunAxe also opens a fresh browser context and page for every check to merge the results in, injecting
        // the 550 KB axe script a second time there, which made each check several times slower than the page load.
        // "Legacy" is Deque's name for the in-page run and is marked obsolete for a future major version; the package is
        // pinned, and AxeGateTests fails if this path stops finding violations.
#pragma warning disable CS0618
        var result = await page.RunAxeLegacy();
#pragma warning restore CS0618
        StepTimings.Record(_name, "axe", page.Url, started);
        lock (_visited)
        {
            _checked.Add(WithoutFragment(page.Url));
        }
        if (result.Violations.Length > 0)
        {
            var report = new StringBuilder($"axe found {result.Violations.Length} violation(s) on {page.Url}:\n");
            foreach (var v in result.Violations)
            {
                report.AppendLine($"- {v.Id} ({v.Impact}): {v.Help}");
                foreach (var node in v.Nodes.Take(5))
                {
                    report.AppendLine($"    {node.Target}: {node.Html}");
                }
            }
            throw new Xunit.Sdk.XunitException(report.ToString());
        }
    }

    /// <summary>Runs the journey's steps; on failure a screenshot is saved, and every visited page must have been checked.</summary>
    public async Task RunAsync(Func<Journey, Task> steps)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await steps(this);
            StepTimings.Record(_name, "journey", "", started);
            ThrowOnPolicyViolations();
            string[] missed;
            lock (_visited)
            {
                missed = _visited.Except(_checked).Where(u => u != "about:blank").ToArray();
            }
            if (missed.Length > 0)
            {
                throw new Xunit.Sdk.XunitException("pages visited but never checked with axe: " + string.Join(", ", missed));
            }
        }
        catch
        {
            await SaveScreenshotAsync();
            throw;
        }
    }

    private void ThrowOnPolicyViolations()
    {
        lock (_violations)
        {
            if (_violations.Count > 0)
            {
                throw new Xunit.Sdk.XunitException("Content-Security-Policy violations:\n" + string.Join("\n", _violations.Distinct()));
            }
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    /// <summary>The README's screenshots (docs/screenshots): desktop 1280×800, phone 390×844.</summary>
    public static readonly ViewportSize ScreenshotDesktop = new() { Width = 1280, Height = 800 };

    /// <summary>
    /// Saves the page as docs/screenshots/<paramref name="name"/>.png for the README, only when SCREENSHOTS=1
    /// (scripts/screenshots.sh), so a normal test run writes nothing. The page is shown at <paramref name="size"/>
    /// (desktop by default) for the picture and put back to the journey's own size after.
    /// </summary>
    public async Task ScreenshotAsync(string name, ViewportSize? size = null)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOTS") != "1")
        {
            return;
        }
        var folder = Path.Combine(RepoPaths.Root, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        var own = Page.ViewportSize;
        size ??= ScreenshotDesktop;
        await Page.SetViewportSizeAsync(size.Width, size.Height);
        await Page.EvaluateAsync("window.scrollTo(0, 0)");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = false });
        if (own is not null)
        {
            await Page.SetViewportSizeAsync(own.Width, own.Height);
        }
    }

    private async Task SaveScreenshotAsync()
    {
        var folder = Environment.GetEnvironmentVariable("E2E_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(RepoPaths.Root, "artifacts", "e2e");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{_name}-{DateTime.UtcNow:HHmmss}.png");
        try
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
            Console.Error.WriteLine($"journey {_name} failed; screenshot: {file}");
        }
        // A screenshot that times out (a loaded machine) must not replace the journey's own failure.
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            Console.Error.WriteLine($"journey {_name} failed; no screenshot ({e.Message})");
        }
    }

    private static string WithoutFragment(string url) => url.Split('#')[0];
}
