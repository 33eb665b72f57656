namespace ContentPlatform.Cms.Transfer.Files;

/// <summary>A problem in a content folder, pointing at the file and line an author must open.</summary>
public sealed record ContentFileError(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Thrown inside the reader to stop at an error that makes the rest of a file meaningless.</summary>
internal sealed class ContentFileException(ContentFileError error) : Exception(error.ToString())
{
    public ContentFileError Error { get; } = error;
}
