using System.Globalization;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Realtime;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Messaging;

/// <summary>
/// The care hub (/hubs/care): patients and staff in care, signed in with the site cookie. Staff are put in their own
/// <see cref="RealtimeGroups.Staff"/> group on connect; anyone joins a thread's group only through <see cref="JoinThread"/>,
/// which asks <see cref="MessageService.AccessAsync"/> — the same rule as every page and endpoint. A refusal is the same
/// "not found" whether the thread is someone else's or does not exist. Connecting needs a patient, or staff past the
/// second factor, on a cookie whose security stamp is still current; a revocation later closes the connection or takes
/// it out of a thread's group (<see cref="ContentPlatform.Platform.Hosting.IAccessRevocations"/>).
/// </summary>
[Authorize(Policy = DeliveryIdentity.LiveConnection)]
public sealed class CareHub(MessageService messages, IStringLocalizer<SharedResource> s) : Hub
{
    public override async Task OnConnectedAsync()
    {
        if (MessageService.IsStaff(Context.User!) && Context.UserIdentifier is { } userId)
        {
            await Groups.AddToGroupAsync(Context.ConnectionId, RealtimeGroups.Staff(userId));
        }
        await base.OnConnectedAsync();
    }

    /// <summary>Joins the thread's live group and returns what came after <paramref name="afterId"/> (catch-up).</summary>
    public async Task<List<MessageView>> JoinThread(Guid enrollmentId, long afterId)
    {
        await RequireAsync(enrollmentId);
        // Join before reading, so a message stored in between arrives live or in the catch-up (the client drops duplicates by id).
        var group = RealtimeGroups.Enrollment(enrollmentId);
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        // Asked again after joining: a removal from the care team committed between the first question and the join
        // would otherwise find this connection not yet in the group and leave it there.
        if (await messages.AccessAsync(Context.User!, enrollmentId, Context.ConnectionAborted) is not { } access)
        {
            await Groups.RemoveFromGroupAsync(Context.ConnectionId, group);
            throw new HubException(Localized("MessageThreadNotFound"));
        }
        return await messages.ThreadAsync(access, afterId, Context.ConnectionAborted);
    }

    /// <summary>Stores, then delivers; a resend with the same client id returns the stored message again.</summary>
    public async Task<MessageView> Send(Guid enrollmentId, string body, Guid clientId)
    {
        // The care-team row kept for a few seconds (evicted by any revocation on every instance): the hot path.
        var access = await messages.RecentAccessAsync(Context.User!, enrollmentId, Context.ConnectionAborted)
            ?? throw new HubException(Localized("MessageThreadNotFound"));
        var result = await messages.SendAsync(access, body, clientId, Context.ConnectionAborted);
        return result.Message ?? throw new HubException(Localized(result.Problem == SendProblem.Empty ? "MessageEmpty" : "MessageTooLong"));
    }

    public async Task MarkRead(Guid enrollmentId, long upToId)
    {
        var access = await RequireAsync(enrollmentId);
        await messages.MarkReadAsync(access, upToId, Context.ConnectionAborted);
    }

    private async Task<ThreadAccess> RequireAsync(Guid enrollmentId) =>
        await messages.AccessAsync(Context.User!, enrollmentId, Context.ConnectionAborted)
        ?? throw new HubException(Localized("MessageThreadNotFound"));

    /// <summary>Hub calls run outside the request pipeline: take the language the connection was opened with.</summary>
    private string Localized(string key)
    {
        var culture = Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture ?? previous;
        try
        {
            return key == "MessageTooLong" ? s[key, Message.MaxLength] : s[key];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
