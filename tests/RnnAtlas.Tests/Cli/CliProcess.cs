namespace RnnAtlas.Tests.Cli;

/// <summary>Runs the built <c>rnnatlas</c> command (RnnAtlas.Cli.dll next to the tests) as a child process.</summary>
internal static class CliProcess
{
    public static (int ExitCode, string Output, string Error) Run(params string[] arguments) =>
        ChildProcess.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "RnnAtlas.Cli.dll"), .. arguments]);
}
