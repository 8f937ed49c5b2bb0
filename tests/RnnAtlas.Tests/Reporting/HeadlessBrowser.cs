using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RnnAtlas.Tests.Reporting;

/// <summary>
/// A headless Chromium driven over the DevTools protocol: open a page, collect console errors, exceptions and failed
/// loads, evaluate expressions, take a screenshot.
/// </summary>
internal sealed class HeadlessBrowser : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempFolder _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<int, TaskCompletionSource<JsonNode?>> _pending = [];
    private readonly CancellationTokenSource _stop = new();
    private int _nextId;
    private Task? _reader;

    private HeadlessBrowser(Process process, TempFolder profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>Errors seen so far: console errors, uncaught exceptions, log entries of level error (e.g. failed loads).</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>The Chromium executable: $CHROMIUM, else /usr/bin/chromium; null when there is none.</summary>
    public static string? Executable() =>
        new[] { Environment.GetEnvironmentVariable("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public static async Task<HeadlessBrowser> Start(string executable)
    {
        var profile = new TempFolder();
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--allow-file-access-from-files", "--window-size=1280,900", "--remote-debugging-port=0", $"--user-data-dir={profile.Path}", "about:blank" })
        {
            start.ArgumentList.Add(a);
        }
        var process = Process.Start(start)!;
        var browser = new HeadlessBrowser(process, profile);
        string? endpoint = null;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (endpoint is null)
        {
            var line = await process.StandardError.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("chromium exited before listening");
            if (line.Contains("DevTools listening on ", StringComparison.Ordinal))
            {
                endpoint = line[(line.IndexOf("ws://", StringComparison.Ordinal))..].Trim();
            }
        }
        _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var port = new Uri(endpoint).Port;
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"), timeout.Token))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        await browser._socket.ConnectAsync(new Uri(page), timeout.Token);
        browser._reader = browser.Read();
        foreach (var domain in new[] { "Runtime.enable", "Log.enable", "Page.enable" })
        {
            await browser.Send(domain, null);
        }
        return browser;
    }

    /// <summary>Navigates to <paramref name="url"/> and waits for its load event.</summary>
    public async Task Open(string url)
    {
        await Send("Page.navigate", new JsonObject { ["url"] = url });
        await _loaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> Evaluate(string expression)
    {
        var result = await Send("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        return result?["result"]?["value"];
    }

    /// <summary>Saves a PNG of the whole page to <paramref name="path"/>.</summary>
    public async Task Screenshot(string path)
    {
        var result = await Send("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result!["data"]!.GetValue<string>()));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        _profile.Dispose();
    }

    private async Task<JsonNode?> Send(string method, JsonObject? parameters)
    {
        var done = new TaskCompletionSource<JsonNode?>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_pending)
        {
            id = ++_nextId;
            _pending[id] = done;
        }
        var message = new JsonObject { ["id"] = id, ["method"] = method };
        if (parameters is not null)
        {
            message["params"] = parameters;
        }
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, _stop.Token);
        return await done.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private async Task Read()
    {
        var buffer = new byte[1 << 20];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                var node = JsonNode.Parse(message.ToArray());
                message.SetLength(0);
                Handle(node!);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
            // The browser was closed.
        }
    }

    private void Handle(JsonNode node)
    {
        if (node["id"] is { } id)
        {
            TaskCompletionSource<JsonNode?>? done;
            lock (_pending)
            {
                _pending.Remove(id.GetValue<int>(), out done);
            }
            done?.TrySetResult(node["result"]);
            return;
        }
        var method = node["method"]?.GetValue<string>();
        var p = node["params"];
        string? error = method switch
        {
            "Runtime.consoleAPICalled" when p!["type"]!.GetValue<string>() == "error" => $"console.error: {p["args"]?.ToJsonString()}",
            "Runtime.exceptionThrown" => $"exception: {p!["exceptionDetails"]?.ToJsonString()}",
            "Log.entryAdded" when p!["entry"]!["level"]!.GetValue<string>() == "error" => $"log: {p["entry"]!["text"]} {p["entry"]!["url"]}",
            _ => null,
        };
        if (error is not null)
        {
            lock (_errors)
            {
                _errors.Add(error);
            }
        }
        if (method == "Page.loadEventFired")
        {
            _loaded.TrySetResult();
        }
    }
}
