using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace ContentPlatform.Cms.Identity;

/// <summary>
/// A second factor is mandatory for staff: a signed-in user who has not enrolled one reaches no page but the enrolment
/// page (and the other account pages: sign out, denied). Checked on every page, so a fresh account or an admin's
/// "reset 2FA" takes effect on the very next click.
/// </summary>
public sealed class SecondFactorFilter(UserManager<StaffUser> users) : IAsyncPageFilter
{
    public const string EnrolPath = "/account/enrol-2fa";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var page = context.ActionDescriptor.ViewEnginePath;
        if (context.HttpContext.User.Identity?.IsAuthenticated == true &&
            !page.StartsWith("/Account/", StringComparison.Ordinal) && page != "/Error" &&
            await users.GetUserAsync(context.HttpContext.User) is { TwoFactorEnabled: false })
        {
            context.Result = new LocalRedirectResult(EnrolPath);
            return;
        }
        await next();
    }
}
