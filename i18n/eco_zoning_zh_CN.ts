<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1">
<context>
    <name>CreateProjectDatabase</name>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="62" />
        <source>Create zoning project database</source>
        <translation>新建分区管控工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="65" />
        <source>Creates a GeoPackage holding an empty environmental control unit layer, the access-list table and the check-results layer, with forms (Chinese aliases, value maps), styles stored in the GeoPackage and the unit to access-list relation, and adds them to the current project. An existing file is only replaced when 'Overwrite' is checked; the file is written completely or not at all.</source>
        <translation>新建一个GeoPackage工程库，包含空的环境管控单元图层、生态环境准入清单表和质检结果图层，配置表单（中文别名、值映射）、保存在GeoPackage中的样式以及单元与准入清单的关联关系，并加入当前工程。只有勾选“覆盖已有文件”时才会替换已有文件；文件要么完整写出，要么不写。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="74" />
        <source>Coordinate reference system</source>
        <translation>坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="81" />
        <source>Overwrite an existing file</source>
        <translation>覆盖已有文件</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="84" />
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="84" />
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="89" />
        <source>Unit layer</source>
        <translation>环境管控单元图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="94" />
        <source>Access-list table</source>
        <translation>准入清单表</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="99" />
        <source>Check-results layer</source>
        <translation>质检结果图层</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="112" />
        <source>No output file given.</source>
        <translation>未指定输出文件。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="116" />
        <source>The coordinate reference system is not valid.</source>
        <translation>坐标参考系无效。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="120" />
        <source>{0} already exists. Check 'Overwrite an existing file' to replace it.</source>
        <translation>{0} 已存在。如需替换，请勾选“覆盖已有文件”。</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="124" />
        <source>The project database could not be created: {0}</source>
        <translation>无法创建工程库：{0}</translation>
    </message>
    <message>
        <location filename="../processing_provider/algorithms/create_project.py" line="127" />
        <source>Created {0}</source>
        <translation>已创建 {0}</translation>
    </message>
</context>
<context>
    <name>EcoZoning</name>
    <message>
        <location filename="../processing_provider/base.py" line="16" />
        <source>Project database</source>
        <translation>工程库</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="17" />
        <source>Unit delineation</source>
        <translation>单元划定</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="18" />
        <source>Quality checks</source>
        <translation>成果质检</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="19" />
        <source>Statistics</source>
        <translation>统计分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="20" />
        <source>Access lists</source>
        <translation>准入清单</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="21" />
        <source>Compliance analysis</source>
        <translation>符合性分析</translation>
    </message>
    <message>
        <location filename="../processing_provider/base.py" line="63" />
        <source>EcoZoning needs {0}. {1}</source>
        <translation>生态环境分区管控插件缺少依赖：{0}。{1}</translation>
    </message>
    <message>
        <location filename="../processing_provider/provider.py" line="23" />
        <source>EcoZoning (ecological-environment zoning)</source>
        <translation>生态环境分区管控</translation>
    </message>
</context>
<context>
    <name>EcoZoningPlugin</name>
    <message>
        <location filename="../plugin/plugin.py" line="51" />
        <source>Ecological-environment zoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="53" />
        <source>Create zoning project database…</source>
        <translation>新建分区管控工程库…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="53" />
        <source>Delineate control units…</source>
        <translation>划定环境管控单元…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="53" />
        <source>Check unit layer…</source>
        <translation>管控单元成果质检…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="53" />
        <source>Unit statistics…</source>
        <translation>单元统计…</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="61" />
        <source>Load sample data</source>
        <translation>加载示例数据</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="113" />
        <source>EcoZoning</source>
        <translation>生态环境分区管控</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="64" />
        <source>Needs {0}. {1}</source>
        <translation>缺少依赖：{0}。{1}</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="104" />
        <source>This tool is not available yet.</source>
        <translation>该工具尚未提供。</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="113" />
        <source>Sample data not found: {0}</source>
        <translation>未找到示例数据：{0}</translation>
    </message>
    <message>
        <location filename="../plugin/plugin.py" line="120" />
        <source>Sample city</source>
        <translation>示例城市</translation>
    </message>
</context>
</TS>