using System.Net;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContentPlatform.Tests.Messaging;

/// <summary>Several Delivery instances on one PostgreSQL and one Redis: events cross instances over the Redis backplane.</summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task Two_instances_on_one_PostgreSQL_deliver_a_message_sent_on_A_to_a_recipient_connected_to_B()
    {
        var database = await TestDatabase.CreateAsync(Db.Postgres, "delivery");
        try
        {
            var redis = (await RedisServer.GetSharedAsync()).Settings(Guid.NewGuid().ToString("N"));
            await using var a = new AppFactory<DeliveryApp>(database, redis, ownsDatabase: false).UseRealServer();
            await using var b = new AppFactory<DeliveryApp>(database, redis, ownsDatabase: false).UseRealServer();
            var world = await MessagingWorld.CreateAsync(a);
            using var patientOnA = await a.SignInRealAsync(MessagingWorld.PatientEmail);
            using var therapistOnB = await b.SignInRealAsync(MessagingWorld.TherapistEmail);
            await using var patientHub = await patientOnA.CareHubAsync();
            await using var therapistHub = await therapistOnB.CareHubAsync();
            // A second tab on B that has not opened the thread: it hears the therapist's own group only. (Redis keeps
            // order within a group, not across groups, so the "thread" notice may come before or after the message.)
            await using var caseloadTab = await therapistOnB.CareHubAsync();
            await therapistHub.JoinAsync(world.EnrollmentId);
            await patientHub.JoinAsync(world.EnrollmentId);

            var sent = await patientHub.SendAsync(world.EnrollmentId, "Sendt på A");
            Assert.Equal(sent.Id, (await therapistHub.NextMessageAsync()).Id);
            var notice = await caseloadTab.WaitForAsync("thread"); // the therapist's own group (caseload) crosses too
            Assert.Equal(sent.Id, notice.Arguments[0].GetProperty("messageId").GetInt64());

            // The largest message (its JSON escapes each of the 3,000 æøå as \u00xx, about 19 KB) arrives whole.
            var large = string.Concat(Enumerable.Repeat("æøå ", 1000)).Trim();
            var big = await patientHub.SendAsync(world.EnrollmentId, large);
            var arrived = await therapistHub.NextMessageAsync(m => m.Id == big.Id);
            Assert.Equal(large, arrived.Body);

            // And back: a reply on B reaches the patient on A, and the patient's reading reaches the therapist on B.
            var reply = await therapistHub.SendAsync(world.EnrollmentId, "Svar fra B");
            Assert.Equal(reply.Id, (await patientHub.NextMessageAsync(m => !m.FromPatient)).Id);
            await patientHub.InvokeAsync("MarkRead", world.EnrollmentId, reply.Id);
            var read = await therapistHub.NextAsync<ReadReceipt>("read");
            Assert.Equal(reply.Id, read.UpTo);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_sign_in_on_one_instance_holds_on_the_other_because_the_key_ring_is_in_the_shared_database()
    {
        var database = await TestDatabase.CreateAsync(Db.Postgres, "delivery");
        try
        {
            var redis = (await RedisServer.GetSharedAsync()).Settings(Guid.NewGuid().ToString("N"));
            // Each on a "machine" of its own: whatever key store is not the database is its own folder, as on two hosts.
            await using var a = new OwnMachine(database, redis).UseRealServer();
            await using var b = new OwnMachine(database, redis).UseRealServer();
            var world = await MessagingWorld.CreateAsync(a);
            using var onA = await a.SignInRealAsync(MessagingWorld.PatientEmail);

            // The same browser, sent to the other instance by the load balancer: still signed in, and A's form token is good on B.
            using var toB = new HttpClient(new HttpClientHandler { CookieContainer = onA.Cookies, AllowAutoRedirect = false })
            {
                BaseAddress = b.ClientOptions.BaseAddress,
            };
            var page = await toB.GetAsync("/my-data");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var token = await onA.Http.AntiforgeryTokenAsync($"/my/messages/{world.EnrollmentId}");
            var signedOut = await toB.PostFormAsync("/account/logout", ("__RequestVerificationToken", token));
            Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode); // a token B could not read would be a 400

            await using var scope = b.Services.CreateAsyncScope();
            Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().DataProtectionKeys.ToListAsync());
        }
        finally
        {
            await database.DisposeAsync();
        }
    }

    /// <summary>
    /// A Delivery instance as if on its own host. Two factories in one test process would otherwise share more than the
    /// database: without a configured key store, data protection falls back to one folder in the user's home directory,
    /// so a cookie would cross instances even with no shared key ring, and the test above would prove nothing. Here
    /// that fallback is a folder of this instance only, so only the key ring in the database can carry a sign-in across.
    /// </summary>
    private sealed class OwnMachine(TestDatabase database, IDictionary<string, string?> settings)
        : AppFactory<DeliveryApp>(database, settings, ownsDatabase: false)
    {
        private readonly string _keys = Directory.CreateTempSubdirectory("delivery-keys-").FullName;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.PostConfigure<KeyManagementOptions>(o =>
            {
                if (o.XmlRepository is null or FileSystemXmlRepository)
                {
                    o.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(_keys), NullLoggerFactory.Instance);
                }
            }));
        }

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Directory.Delete(_keys, recursive: true);
        }
    }
}
