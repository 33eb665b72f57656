using ContentPlatform.DemoIdp;

// `persons`: prints the test persons of both flavours (run.sh shows them); otherwise runs the provider.
if (args is ["persons", ..])
{
    foreach (var (flavour, persons) in new[] { ("ID-porten", TestPersons.IdPorten), ("HelseID", TestPersons.HelseId) })
    {
        Console.WriteLine($"  {flavour}:");
        foreach (var person in persons)
        {
            Console.WriteLine($"    {person.Pid}  {person.Name,-20} {person.Role}");
        }
    }
    return;
}

var app = await DemoIdpHost.CreateAsync(args);
await app.RunAsync();
