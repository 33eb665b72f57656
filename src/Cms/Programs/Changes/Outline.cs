using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Programs.Changes;

/// <summary>Every module, page, block and questionnaire of one version with its parent, position and human place.</summary>
internal sealed class Outline
{
    public sealed record Node(string What, string Id, string Parent, string Position, object Value, ContentLocation Location, ChangePlace Place);

    private readonly Dictionary<(string, string), Node> _byId = [];

    public List<Node> Nodes { get; } = [];

    public static Outline Of(ProgramContent? program)
    {
        var outline = new Outline();
        if (program is null)
        {
            return outline;
        }
        for (var m = 0; m < program.Modules.Count; m++)
        {
            var module = program.Modules[m];
            var moduleLocation = new ContentLocation(module.Id);
            var modulePlace = new ChangePlace(module.Title);
            outline.Add(new("module", module.Id, "", $"{m + 1}", module, moduleLocation, modulePlace));
            for (var p = 0; p < module.Pages.Count; p++)
            {
                var page = module.Pages[p];
                var pagePlace = modulePlace with { Page = page.Title };
                outline.Add(new("page", page.Id, module.Id, $"{m + 1}.{p + 1}", page, moduleLocation with { PageId = page.Id }, pagePlace));
                for (var k = 0; k < page.Blocks.Count; k++)
                {
                    var block = page.Blocks[k];
                    outline.Add(new("block", block.Id, page.Id, $"{m + 1}.{p + 1}.{k + 1}", block,
                        new(module.Id, page.Id, block.Id), pagePlace with { BlockType = BlockTypes.NameOf(block), BlockNumber = k + 1 }));
                }
            }
        }
        for (var q = 0; q < program.Questionnaires.Count; q++)
        {
            var questionnaire = program.Questionnaires[q];
            outline.Add(new("questionnaire", questionnaire.Id, "", $"{q + 1}", questionnaire,
                new(QuestionnaireId: questionnaire.Id), new(Questionnaire: questionnaire.Title)));
        }
        return outline;
    }

    public Node? Find(string what, string id) => _byId.GetValueOrDefault((what, id));

    /// <summary>The human place of a text's location (its block's, page's, module's or questionnaire's).</summary>
    public ChangePlace PlaceOf(ContentLocation location) =>
        (location.BlockId is { } b ? Find("block", b)
            : location.PageId is { } p ? Find("page", p)
            : location.QuestionnaireId is { } q ? Find("questionnaire", q)
            : location.ModuleId is { } m ? Find("module", m) : null)?.Place ?? new();

    private void Add(Node node)
    {
        if (_byId.TryAdd((node.What, node.Id), node))
        {
            Nodes.Add(node);
        }
    }
}
