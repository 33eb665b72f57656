using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Platform.ExternalLogin;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Delivery.Identity;

/// <summary>
/// Who a national sign-in is in Delivery. Patients (ID-porten) are found by the keyed hash of their identity number; an
/// account is created only from an invitation (which it then spends) or for a course. Staff (HelseID) are found by their
/// HelseID subject, bound beforehand (demo accounts or the security page); their roles are the local record's alone.
/// Nothing is created for a refused sign-in: an account made for an invitation that cannot be spent is deleted again.
/// </summary>
public sealed class DeliveryExternalAccounts(UserManager<DeliveryUser> users, SignInManager<DeliveryUser> signIn, PidHash? pids,
    EnrollmentService enrolling, ReleaseStore releases, ILogger<DeliveryExternalAccounts> log)
    : ExternalAccounts<DeliveryUser>(users, signIn)
{
    public override async Task<ExternalOutcome> CompleteAsync(ExternalIdentity identity, ExternalPurpose purpose, CancellationToken ct)
    {
        if (identity.Scheme == ExternalProvider.HelseId.Scheme)
        {
            var staff = await Users.FindByLoginAsync(identity.Scheme, identity.Subject);
            if (staff is null || !(await Users.GetRolesAsync(staff)).Any(DeliveryRoles.Staff.Contains))
            {
                return ExternalOutcome.Refuse(ExternalRefusal.UnknownStaff);
            }
            return await SignInAsync(staff, identity, identity.Subject, purpose.ReturnUrl ?? "/staff");
        }
        if (pids is null || string.IsNullOrEmpty(identity.Pid))
        {
            return ExternalOutcome.Refuse(ExternalRefusal.Failed);
        }
        var key = pids.Hash(identity.Pid);
        var patient = await Users.FindByLoginAsync(identity.Scheme, key);
        if (purpose.Invitation is { Length: > 0 } code)
        {
            return await InvitationAsync(identity, key, patient, code, ct);
        }
        if (purpose.Course is { Length: > 0 } slug)
        {
            return await CourseAsync(identity, key, patient, slug, ct);
        }
        return patient is null
            ? ExternalOutcome.Refuse(ExternalRefusal.UnknownPatient)
            : await SignInAsync(patient, identity, key, purpose.ReturnUrl ?? "/");
    }

    private async Task<ExternalOutcome> InvitationAsync(ExternalIdentity identity, string key, DeliveryUser? patient, string code, CancellationToken ct)
    {
        var lookup = await enrolling.FindInvitationAsync(code, ct);
        // The same person following their (spent) invitation link again lands on their program.
        if (lookup is { State: InvitationState.Used, Enrollment: { } mine } && patient is not null && mine.PatientId == patient.Id)
        {
            return await SignInAsync(patient, identity, key, $"/my/{mine.Id}");
        }
        if (lookup is not { State: InvitationState.Valid, Enrollment: { } enrollment })
        {
            return ExternalOutcome.Refuse(ExternalRefusal.InvitationInvalid);
        }
        var created = patient is null;
        patient ??= await CreatePatientAsync(identity, key, enrollment.InviteeName);
        if (patient is null || !await enrolling.AcceptAsync(code, patient.Id, ct))
        {
            await UndoAsync(patient, created);
            return ExternalOutcome.Refuse(ExternalRefusal.InvitationInvalid);
        }
        await EnsurePatientAsync(patient);
        return await SignInAsync(patient, identity, key, $"/my/{enrollment.Id}");
    }

    private async Task<ExternalOutcome> CourseAsync(ExternalIdentity identity, string key, DeliveryUser? patient, string slug, CancellationToken ct)
    {
        if (await releases.ProgramBySlugAsync(slug, ct) is not { Kind: ProgramKind.Course, Withdrawn: false } course)
        {
            return ExternalOutcome.Refuse(ExternalRefusal.CourseClosed);
        }
        var created = patient is null;
        patient ??= await CreatePatientAsync(identity, key, "");
        if (patient is null)
        {
            return ExternalOutcome.Refuse(ExternalRefusal.Failed);
        }
        var (error, enrollment) = await enrolling.SelfEnrollAsync(course.ProgramId, patient.Id, ct);
        if (error != EnrollError.None || enrollment is null)
        {
            await UndoAsync(patient, created);
            return ExternalOutcome.Refuse(ExternalRefusal.CourseClosed);
        }
        await EnsurePatientAsync(patient);
        return await SignInAsync(patient, identity, key, $"/my/{enrollment.Id}");
    }

    /// <summary>The domain of the address a patient account from ID-porten gets (RFC 2606: nothing is ever delivered there).</summary>
    private const string NoMailboxDomain = "@idporten.invalid";

    /// <summary>Whether mail to <paramref name="email"/> can reach anyone: not empty, and not an ID-porten placeholder.</summary>
    public static bool HasMailbox(string? email) =>
        !string.IsNullOrEmpty(email) && !email.EndsWith(NoMailboxDomain, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A patient account from the identity alone. Identity requires a unique e-mail address; the patient has given none,
    /// so the account gets one under the reserved .invalid domain (RFC 2606), which no mail is ever delivered to.
    /// </summary>
    private async Task<DeliveryUser?> CreatePatientAsync(ExternalIdentity identity, string key, string fallbackName)
    {
        var id = Guid.NewGuid().ToString();
        var user = new DeliveryUser
        {
            Id = id, UserName = $"idporten-{id}", Email = id + NoMailboxDomain, EmailConfirmed = false,
            DisplayName = string.IsNullOrWhiteSpace(identity.Name) ? fallbackName : identity.Name.Trim(),
            PreferredCulture = identity.Locale is "nb" or "nn" ? identity.Locale : "",
        };
        if (!(await Users.CreateAsync(user)).Succeeded)
        {
            log.LogWarning("Could not create a patient account for an ID-porten sign-in");
            return null;
        }
        if (!(await Users.AddLoginAsync(user, new UserLoginInfo(identity.Scheme, key, "ID-porten"))).Succeeded)
        {
            await Users.DeleteAsync(user);
            return null;
        }
        return user;
    }

    private async Task EnsurePatientAsync(DeliveryUser patient)
    {
        if (!await Users.IsInRoleAsync(patient, DeliveryRoles.Patient))
        {
            await Users.AddToRoleAsync(patient, DeliveryRoles.Patient);
        }
    }

    private async Task UndoAsync(DeliveryUser? patient, bool created)
    {
        if (created && patient is not null)
        {
            await Users.DeleteAsync(patient);
        }
    }

    protected override async Task<bool> IsStaffAsync(DeliveryUser user) => (await Users.GetRolesAsync(user)).Any(DeliveryRoles.Staff.Contains);
}
