using Spectre.Console;
using Spectre.Console.Cli;

namespace RnnAtlas.Cli;

/// <summary>Turns every failure into one line on stderr and a distinct exit code.</summary>
internal static class ErrorReport
{
    public static int Handle(Exception exception)
    {
        var (code, message) = exception switch
        {
            InvalidConfigurationException e => (ExitCodes.BadInput, e.Message),
            CommandParseException or CommandRuntimeException => (ExitCodes.BadInput, exception.Message),
            UnwritableFolderException e => (ExitCodes.BadInput, e.Message),
            BadInputFileException e => (ExitCodes.BadInput, e.Message),
            InvalidDataException e => (ExitCodes.BadStudy, e.Message),
            IOException e => (ExitCodes.FileSystem, $"{e.Message.Trim()} (finished work is kept; fix the cause and run the same command again)"),
            OperationCanceledException => (ExitCodes.Interrupted, "interrupted: finished networks are saved; run the same command again to resume"),
            _ => (1, $"unexpected error: {exception}"),
        };
        Console.Error.WriteLine($"rnnatlas: error: {message}");
        return code;
    }
}
