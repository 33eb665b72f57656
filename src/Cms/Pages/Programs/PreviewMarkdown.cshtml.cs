using ContentPlatform.Contract.Markdown;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Cms.Pages.Programs;

/// <summary>Live preview for the Markdown editor: the exact HTML Delivery will render (raw HTML disabled, links limited).</summary>
public sealed class PreviewMarkdownModel : PageModel
{
    /// <summary>Large enough for any page text, small enough that the preview cannot be used to burn CPU.</summary>
    private const int MaxLength = 100_000;

    public IActionResult OnGet() => NotFound();

    public IActionResult OnPost(string? markdown) =>
        (markdown ?? "").Length > MaxLength
            ? new JsonResult(new { html = "" }) { StatusCode = StatusCodes.Status413PayloadTooLarge }
            : new JsonResult(new { html = ContentMarkdown.ToHtml(markdown ?? "") });
}
