namespace RnnAtlas.Tests.Reporting;

/// <summary>
/// The report opens in a real browser (headless Chromium; CI installs Debian's and sets RNNATLAS_REQUIRE_BROWSER=1):
/// no console errors, every image loads with a non-zero size, the page loads in under a second; a screenshot is saved
/// next to the test binaries (report-screenshot.png).
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class ReportBrowserTests(ReportFixture fixture) : IClassFixture<ReportFixture>
{
    [SkippableFact]
    public async Task TheReportLoadsInABrowserWithoutErrorsAndEveryImageShows()
    {
        var chromium = HeadlessBrowser.Executable();
        if (chromium is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("RNNATLAS_REQUIRE_BROWSER") != "1", "RNNATLAS_REQUIRE_BROWSER=1 but no chromium was found");
            Skip.If(true, "no chromium installed (CI installs Debian's chromium)");
        }
        await using var browser = await HeadlessBrowser.Start(chromium!);

        await browser.Open(new Uri(fixture.Index).AbsoluteUri);

        var images = (await browser.Evaluate("JSON.stringify(Array.from(document.images).map(i => [i.getAttribute('src'), i.complete, i.naturalWidth, i.naturalHeight]))"))!.GetValue<string>();
        var loaded = System.Text.Json.JsonDocument.Parse(images).RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(loaded);
        Assert.All(loaded, image => Assert.True(image[1].GetBoolean() && image[2].GetInt32() > 0 && image[3].GetInt32() > 0, $"image {image[0]} did not load"));
        var milliseconds = (await browser.Evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))!.GetValue<double>();
        Assert.True(milliseconds < 1000, $"the page took {milliseconds:0} ms to load");
        await browser.Screenshot(Path.Combine(AppContext.BaseDirectory, "report-screenshot.png"));
        Assert.Empty(browser.Errors);
    }
}
