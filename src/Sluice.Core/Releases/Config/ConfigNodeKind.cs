namespace Sluice.Core.Releases.Config;

internal enum ConfigNodeKind
{
    Scalar,
    Mapping,
    Sequence,
}
