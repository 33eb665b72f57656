using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>A Cms with a content-API key, and a program taken through the whole workflow (create or save, submit, approve, publish).</summary>
public static class CmsPublishing
{
    public const string Key = "test-delivery-key-0123456789abcdef0123";

    public static Dictionary<string, string?> ApiKeySettings => new()
    {
        ["ContentApi:Keys:0:Name"] = "delivery",
        ["ContentApi:Keys:0:Key"] = Key,
    };

    public static async Task PublishAsync(IServiceProvider services, ProgramContent program, bool create = true)
    {
        await using var scope = services.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
        if (create)
        {
            Assert.Null((await workflow.CreateAsync(program, "eli")).Error);
        }
        else
        {
            Assert.Null((await workflow.SaveAsync(program.Id, program, null, "eli")).Error);
        }
        Assert.Null(await workflow.SubmitAsync(program.Id, "eli"));
        Assert.Null(await workflow.ApproveAsync(program.Id, "ok", "rune"));
        Assert.Null((await workflow.PublishAsync(program.Id, "rune")).Error);
    }
}
