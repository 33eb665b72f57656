using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace ContentPlatform.DemoIdp.Pages;

/// <summary>
/// The authorization endpoint (OpenIddict lets the request through after validating client, redirect URI and PKCE) and
/// the login page in one: GET shows the form, with the authorization request carried in hidden fields; POST signs the
/// chosen person in. The form's field names are fixed for tests that post it without a browser: `person`, `level`,
/// `fault` (with `DemoIdp:Faults=true`), and `action` = `login` or `cancel`. A session cookie gives single sign-on
/// unless the client sends `prompt=login` or asks for a higher level than the session has.
/// </summary>
public sealed class AuthorizeModel(DemoIdpOptions options, BackchannelLogout backchannel) : PageModel
{
    private static readonly HashSet<string> OwnFields = ["person", "level", "fault", "action", "__RequestVerificationToken"];

    public DemoIdpOptions Options => options;

    public Texts T { get; private set; } = Texts.For(null);

    public string RequestedLevel { get; private set; } = TestPersons.Substantial;

    public string ClientId { get; private set; } = "";

    public IReadOnlyList<KeyValuePair<string, string>> Carried { get; private set; } = [];

    public string OtherLanguageUrl { get; private set; } = "";

    public string? Error { get; private set; }

    [BindProperty(Name = "person")]
    public string? Person { get; set; }

    [BindProperty(Name = "level")]
    public string? Level { get; set; }

    [BindProperty(Name = "fault")]
    public string? Fault { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var request = Load();
        var session = await HttpContext.AuthenticateAsync(DemoIdpHost.SessionScheme);
        var fault = options.Faults ? request.GetParameter("demo_fault")?.ToString() : null;
        if (session.Succeeded && !request.HasPromptValue(PromptValues.Login) && fault is null
            && Find(session.Principal.FindFirst(Flavour.PidClaim)?.Value) is { } person
            && session.Principal.FindFirst(Claims.AuthenticationContextReference)?.Value is { } level
            && (options.IsHelseId || Flavour.MayUse(person, level, RequestedLevel)))
        {
            return SignInTo(person, level, session.Principal.FindFirst(BackchannelLogout.SessionIdClaim)?.Value ?? Guid.NewGuid().ToString("N"), request, null);
        }
        if (request.HasPromptValue(PromptValues.None))
        {
            return Refuse(Errors.LoginRequired, "The user is not signed in at the demo provider.");
        }
        Level = RequestedLevel;
        Fault = fault;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? action)
    {
        var request = Load();
        if (action == "cancel")
        {
            return Refuse(Errors.AccessDenied, "The user cancelled the sign-in.");
        }
        var person = Find(Person);
        // HelseID persons do not choose: their level is the one their login method gives.
        var level = options.IsHelseId && person is not null ? person.HighestLevel : Level ?? "";
        var fault = options.Faults ? Fault ?? request.GetParameter("demo_fault")?.ToString() : null;
        Error = person is null ? T["Error.person"]
            : !Flavour.MayUse(person, level, options.IsHelseId ? null : RequestedLevel) ? T["Error.level"]
            : fault is not null && !TokenFaultNames.All.Contains(fault) ? T["Error.fault"]
            : null;
        if (Error is not null || person is null)
        {
            return Page();
        }
        var session = new ClaimsIdentity(DemoIdpHost.SessionScheme);
        session.AddClaim(new Claim(Flavour.PidClaim, person.Pid));
        session.AddClaim(new Claim(Claims.AuthenticationContextReference, level));
        var sessionId = Guid.NewGuid().ToString("N");
        session.AddClaim(new Claim(BackchannelLogout.SessionIdClaim, sessionId));
        await HttpContext.SignInAsync(DemoIdpHost.SessionScheme, new ClaimsPrincipal(session));
        return SignInTo(person, level, sessionId, request, fault);
    }

    private SignInResult SignInTo(TestPerson person, string level, string sessionId, OpenIddictRequest request, string? fault)
    {
        var principal = Flavour.Principal(options, person, level, ClientId, request.GetScopes(), sessionId, fault);
        backchannel.Remember(sessionId, ClientId, principal.GetClaim(Claims.Subject)!);
        return SignIn(principal, OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    public IEnumerable<TestPerson> Persons => TestPersons.For(options.Flavour);

    private TestPerson? Find(string? pid) => Persons.FirstOrDefault(p => p.Pid == pid);

    private OpenIddictRequest Load()
    {
        var request = HttpContext.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("The OpenIddict authorization request is missing.");
        T = Texts.For(request.UiLocales);
        RequestedLevel = Flavour.RequestedLevel(request);
        ClientId = request.ClientId ?? "";
        Carried = request.GetParameters()
            .Where(p => !OwnFields.Contains(p.Key))
            .Select(p => new KeyValuePair<string, string>(p.Key, p.Value.ToString() ?? ""))
            .ToList();
        var other = Carried.Where(p => p.Key != Parameters.UiLocales).Append(new(Parameters.UiLocales, T.OtherLanguage));
        OtherLanguageUrl = Request.Path + QueryString.Create(other!).ToUriComponent();
        return request;
    }

    private ForbidResult Refuse(string error, string description) => Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
