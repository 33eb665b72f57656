namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// Separates a command ("import content/ --publish") from configuration on the same command line
/// ("--Storage:DataPath=/x", "--urls http://…"). Without this, ASP.NET Core's command-line configuration would read
/// "--publish" as a key swallowing the next argument as its value.
/// </summary>
public static class CommandLine
{
    private static readonly string[] HostKeys = ["urls", "contentRoot", "environment", "applicationName", "webroot"];

    public static (string[] Command, string[] Configuration) Split(string[] args)
    {
        var command = new List<string>();
        var configuration = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var key = arg.StartsWith("--", StringComparison.Ordinal) ? arg[2..].Split('=', 2)[0] : null;
            // "--key=value" is always configuration (commands' own flags never carry "="); "--key value" only for
            // section keys ("--Storage:DataPath /x") and the host's own keys ("--urls …").
            if (key is not null && (arg.Contains('=', StringComparison.Ordinal) || key.Contains(':', StringComparison.Ordinal) ||
                                    HostKeys.Contains(key, StringComparer.OrdinalIgnoreCase)))
            {
                configuration.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    configuration.Add(args[++i]);
                }
            }
            else
            {
                command.Add(arg);
            }
        }
        return (command.ToArray(), configuration.ToArray());
    }
}
