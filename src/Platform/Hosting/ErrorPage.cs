using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Platform.Hosting;

/// <summary>The error and status-code page of both apps (Pages/Error.cshtml); a failed POST lands here too.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public bool IsNotFound { get; private set; }

    public void OnGet(int? code) => IsNotFound = code == 404;

    public void OnPost(int? code) => OnGet(code);
}
