namespace ContentPlatform.Shared.Hosting;

/// <summary>Turns a configuration problem into one clear line on stderr and exit code 2, instead of a stack trace.</summary>
public static class AppRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> main)
    {
        try
        {
            return await main();
        }
        catch (StartupConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
    }
}
