using ContentPlatform.Delivery.MyData;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ContentPlatform.Delivery.Pages.MyData;

/// <summary>Everything stored about the patient, readable, with the staff access log (the law requires it be shown).</summary>
public sealed class IndexModel(PatientDataExport export) : PageModel
{
    public PatientData Data { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await export.CollectAsync(User, ct) is not { } data)
        {
            return Challenge();
        }
        Data = data;
        return Page();
    }
}
