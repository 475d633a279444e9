// YAMLEditing
