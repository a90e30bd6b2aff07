# Sourced by the scripts: where the PDK and the built programs are.
# PDK_ROOT defaults to ../shared/pdk (this project's CI layout) when unset and that folder exists.
project_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [ -z "${PDK_ROOT:-}" ] && [ -d "$project_dir/../shared/pdk/sky130A" ]; then
  export PDK_ROOT=$(cd "$project_dir/../shared/pdk" && pwd)
fi
export PDK=${PDK:-sky130A}
export BUILD_DIR=${BUILD_DIR:-$project_dir/build}
